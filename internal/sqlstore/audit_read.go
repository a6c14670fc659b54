package sqlstore

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"slices"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// AuditRecords implements audit.Reader: up to limit records after seq
// after, in order, with their citizens. A read from the start first moves
// the changes' committed entries onto the chain, so a verification sees
// every acknowledged change.
func (d *AuditLog) AuditRecords(ctx context.Context, after int64, limit int) ([]audit.Record, error) {
	if after == 0 {
		if err := d.MoveIntents(ctx); err != nil {
			return nil, err
		}
	}
	rows, err := d.chain.sql.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "read audit entries")
	}
	recs, err := scanAuditRows(rows)
	if err != nil || len(recs) == 0 {
		return recs, err
	}
	subj, err := d.chain.sql.QueryContext(ctx, `SELECT seq, citizen_id FROM audit_subjects WHERE seq >= $1 AND seq <= $2 ORDER BY seq, pos`,
		recs[0].Seq, recs[len(recs)-1].Seq)
	if err != nil {
		return nil, apperr.Wrap(err, "read audit subjects")
	}
	return recs, attachSubjects(subj, recs)
}

func scanAuditRows(rows *sql.Rows) ([]audit.Record, error) {
	defer rows.Close()
	var out []audit.Record
	for rows.Next() {
		var r audit.Record
		var at any
		var userID, agencyID, hash string
		var confidential bool
		if err := rows.Scan(&r.Seq, &at, &userID, &agencyID, &confidential, &r.Canonical, &hash); err != nil {
			return nil, apperr.Wrap(err, "scan audit entry")
		}
		t, err := scanTime(at)
		if err != nil {
			return nil, apperr.Wrap(err, "audit entry %d: time", r.Seq)
		}
		// Malformed values are tampering: keep the row so verification
		// reports it rather than failing to read.
		r.Hash, _ = audit.ParseHash(hash)
		if r.Entry, err = audit.ParseCanonical(r.Canonical); err != nil {
			r.Mismatch = "the stored entry does not decode"
		} else if e := r.Entry; !e.Time.Equal(t) || e.UserID != userID || e.AgencyID != agencyID || e.Confidential != confidential {
			r.Mismatch = "the query columns (time, user, agency, confidential) differ from the hashed entry"
		}
		out = append(out, r)
	}
	return out, normalize(rows.Err(), "read audit entries")
}

// attachSubjects checks each record's citizen rows, read as (seq,
// citizen_id) ordered by seq and position, against the hashed entry.
func attachSubjects(rows *sql.Rows, recs []audit.Record) error {
	defer rows.Close()
	idx := make(map[int64]int, len(recs))
	for i, r := range recs {
		idx[r.Seq] = i
	}
	stored := make([][]string, len(recs))
	for rows.Next() {
		var seq int64
		var id string
		if err := rows.Scan(&seq, &id); err != nil {
			return apperr.Wrap(err, "scan audit subject")
		}
		if i, ok := idx[seq]; ok {
			stored[i] = append(stored[i], id)
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "read audit subjects")
	}
	for i := range recs {
		if !slices.Equal(stored[i], recs[i].Entry.CitizenIDs) && recs[i].Mismatch == "" {
			recs[i].Mismatch = "the citizens' rows differ from the hashed entry"
		}
	}
	return nil
}

// AuditCheckpoints implements audit.Reader.
func (d *AuditLog) AuditCheckpoints(ctx context.Context) ([]audit.Checkpoint, error) {
	rows, err := d.chain.sql.QueryContext(ctx, `SELECT seq, hash, at, key_id, signature FROM audit_checkpoints ORDER BY seq`)
	if err != nil {
		return nil, apperr.Wrap(err, "read audit checkpoints")
	}
	defer rows.Close()
	var out []audit.Checkpoint
	for rows.Next() {
		var c audit.Checkpoint
		var hash, sig string
		var at any
		if err := rows.Scan(&c.Seq, &hash, &at, &c.KeyID, &sig); err != nil {
			return nil, apperr.Wrap(err, "scan audit checkpoint")
		}
		// Malformed values stay as they are and fail the signature check.
		c.Hash, _ = audit.ParseHash(hash)
		c.Signature, _ = base64.StdEncoding.DecodeString(sig)
		if c.Time, err = scanTime(at); err != nil {
			return nil, apperr.Wrap(err, "audit checkpoint %d: time", c.Seq)
		}
		out = append(out, c)
	}
	return out, normalize(rows.Err(), "read audit checkpoints")
}

// AuditKeys implements audit.Reader: the public keys the database holds.
func (d *AuditLog) AuditKeys(ctx context.Context) ([]ed25519.PublicKey, error) {
	rows, err := d.chain.sql.QueryContext(ctx, `SELECT public_key FROM audit_keys ORDER BY created_at`)
	if err != nil {
		return nil, apperr.Wrap(err, "read audit keys")
	}
	defer rows.Close()
	var out []ed25519.PublicKey
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, apperr.Wrap(err, "scan audit key")
		}
		keys, err := audit.ParsePublicKeys([]byte(p))
		if err != nil {
			return nil, apperr.Wrap(err, "audit key in the database")
		}
		out = append(out, keys...)
	}
	return out, normalize(rows.Err(), "read audit keys")
}
