package sqlstore

import (
	"context"
	"strings"
	"time"

	"dancu/internal/apperr"
)

// RateBuckets keeps agencies' token buckets in the database, shared by
// every server on it (share.TokenBuckets); a SQLite register keeps them
// beside it (coord_file.go). Each draw is one statement on
// its own, never in a caller's transaction.
type RateBuckets struct{ *DB }

// RateBuckets returns the shared token buckets.
func (d *DB) RateBuckets() *RateBuckets { return &RateBuckets{d} }

// drawTokens is one upsert on both engines: a new bucket starts full; an
// existing one is refilled by the time since its last draw (never
// backwards: a server whose clock is behind refills nothing) up to burst,
// then gives min(want, what it holds), or nothing if it holds less than
// need. Right-hand sides of SET read the row as it was, so granted and
// tokens agree. Placeholders are cast so that PostgreSQL does not take a
// float parameter for the integer column's type.
var drawTokens = func() string {
	now := "CAST($2 AS BIGINT)"
	elapsed := "(CASE WHEN " + now + " > agency_rate_buckets.refilled_us THEN " + now + " - agency_rate_buckets.refilled_us ELSE 0 END)"
	refilled := "agency_rate_buckets.tokens + " + elapsed + " * CAST($3 AS DOUBLE PRECISION) / 1000000.0"
	burst := "CAST($4 AS DOUBLE PRECISION)"
	avail := "(CASE WHEN " + refilled + " < " + burst + " THEN " + refilled + " ELSE " + burst + " END)"
	want := "CAST($6 AS DOUBLE PRECISION)"
	grant := "(CASE WHEN AVAIL >= CAST($5 AS DOUBLE PRECISION) THEN (CASE WHEN AVAIL < WANT THEN AVAIL ELSE WANT END) ELSE 0 END)"
	grant = strings.NewReplacer("AVAIL", avail, "WANT", want).Replace(grant)
	return `INSERT INTO agency_rate_buckets (agency_id, tokens, refilled_us, granted) VALUES ($1, $7, $2, $8)
		ON CONFLICT (agency_id) DO UPDATE SET
			tokens = ` + avail + ` - ` + grant + `,
			granted = ` + grant + `,
			refilled_us = CASE WHEN ` + now + ` > agency_rate_buckets.refilled_us THEN ` + now + ` ELSE agency_rate_buckets.refilled_us END
		RETURNING granted, tokens`
}()

// DrawTokens implements share.TokenBuckets: it refills agency's bucket
// (rate tokens a second, at most burst) to now and takes at most want
// tokens from it, none unless it holds need. It returns what it took and
// what the bucket holds afterwards.
func (d *RateBuckets) DrawTokens(ctx context.Context, agency string, rate, burst, need, want float64, now time.Time) (got, left float64, err error) {
	first := 0.0 // a new bucket is full
	if burst >= need {
		first = min(want, burst)
	}
	db, err := d.coordSQL()
	if err != nil {
		return 0, 0, apperr.Wrap(err, "draw from the rate limit of agency %s", agency)
	}
	err = db.QueryRowContext(ctx, drawTokens, agency, now.UnixMicro(), rate, burst, need, want, burst-first, first).Scan(&got, &left)
	if err != nil {
		return 0, 0, apperr.Wrap(err, "draw from the rate limit of agency %s", agency)
	}
	return got, left, nil
}
