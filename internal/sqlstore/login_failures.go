package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"
)

// LoginFailures is the failed-login counter every server on the database
// shares (auth.FailureStore). Each statement runs on its own (never in a
// caller's transaction): a refused login rolls nothing back.
type LoginFailures struct{ *DB }

// LoginFailures returns the shared failed-login counter.
func (d *DB) LoginFailures() *LoginFailures { return &LoginFailures{d} }

func failureKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

// LoginFailures implements auth.FailureStore.
func (d *LoginFailures) LoginFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var start any
	err := d.sql.QueryRowContext(ctx, `SELECT failures, window_start FROM login_failures WHERE key_hash = $1 AND window_start > $2`,
		failureKey(key), d.dialect.timeArg(since)).Scan(&n, &start)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, err
	}
	t, err := scanTime(start)
	return n, t, err
}

// AddLoginFailure implements auth.FailureStore: one statement, so two
// servers counting the same key at once both count.
func (d *LoginFailures) AddLoginFailure(ctx context.Context, key string, now, since time.Time) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO login_failures (key_hash, window_start, failures) VALUES ($1, $2, 1)
		ON CONFLICT (key_hash) DO UPDATE SET
			failures = CASE WHEN login_failures.window_start <= $3 THEN 1 ELSE login_failures.failures + 1 END,
			window_start = CASE WHEN login_failures.window_start <= $3 THEN excluded.window_start ELSE login_failures.window_start END`,
		failureKey(key), d.dialect.timeArg(now), d.dialect.timeArg(since))
	if err == nil && now.Second() == 0 {
		// Now and then, forget windows that ended long ago.
		d.sql.ExecContext(ctx, `DELETE FROM login_failures WHERE window_start < $1`, d.dialect.timeArg(now.Add(-24*time.Hour)))
	}
	return err
}

// ClearLoginFailures implements auth.FailureStore.
func (d *LoginFailures) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := d.sql.ExecContext(ctx, `DELETE FROM login_failures WHERE key_hash = $1`, failureKey(key))
	return err
}
