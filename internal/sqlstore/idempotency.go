package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/idempotency"
)

// Idempotent writes. Each write transaction of InTx carries a key: the
// client's (the API's Idempotency-Key header, idempotency.WithKey) or, on
// PostgreSQL, one made for the call. The key is inserted first in the
// transaction, so it commits if and only if the write does:
//
//   - a transaction that failed before COMMIT was sent did not commit and
//     is run again (bounded backoff, retryFor);
//   - a COMMIT whose connection failed has an unknown outcome: the key is
//     looked up on the (new) primary; present, the write committed and InTx
//     returns success; absent, the write is run again under the same key;
//   - a client resending a request with a key already applied gets a
//     Conflict: the write is not applied twice.
//
// Keys are kept for keyRetention, longer than any client retries.
const keyRetention = 24 * time.Hour

// errKeyApplied is the cause of what a second write under one key gets.
var errKeyApplied = errors.New("idempotency key already applied")

func errAlreadyApplied() error {
	return &apperr.Error{Code: apperr.Conflict, Err: errKeyApplied,
		Message: "this request was already applied (same Idempotency-Key): it is not applied twice"}
}

// txKey returns the key of the next write transaction started with ctx:
// the client's, else one made here on PostgreSQL (SQLite has no failover,
// so only clients' keys are recorded there). client says which.
func (d *DB) writeKey(ctx context.Context) (key string, client bool) {
	if k, ok := idempotency.Next(ctx); ok {
		return "c:" + k, true
	}
	if d.dialect.name == "postgres" {
		return "g:" + uuid.Must(uuid.NewV7()).String(), false
	}
	return "", false
}

// runWrite runs fn in a transaction recording key, retrying across a
// failover as described above. Running again under the same key is always
// safe: if an earlier attempt committed, the key's insert finds it and
// nothing else runs.
func (d *DB) runWrite(ctx context.Context, key string, fn func(*sql.Tx) error) error {
	if d.dialect.name != "postgres" {
		return d.writeOnce(ctx, key, fn)
	}
	uncertain := false // an earlier attempt's COMMIT may have taken effect
	err := retry(ctx, func() error {
		err := d.writeOnce(ctx, key, fn)
		if uncertain && errors.Is(err, errKeyApplied) {
			return nil // that attempt committed: its results stand
		}
		var unknown *commitUnknown
		if errors.As(err, &unknown) {
			uncertain = true
		}
		return err
	}, func(err error) bool {
		var unknown *commitUnknown
		return errors.As(err, &unknown) || transient(err)
	})
	if err != nil && uncertain {
		return &apperr.Error{Code: apperr.Internal, Err: err,
			Message: "the database went away while committing and did not come back in time: the change may or may not be applied; read it back before repeating it"}
	}
	return err
}

// writeOnce is one attempt: BEGIN, the key, fn, COMMIT. A COMMIT that
// fails on a broken connection returns *commitUnknown.
func (d *DB) writeOnce(ctx context.Context, key string, fn func(*sql.Tx) error) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Wrap(err, "begin transaction")
	}
	if key != "" {
		if err := d.recordKey(ctx, tx, key); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		if d.dialect.name == "postgres" && transient(err) {
			return &commitUnknown{err: err}
		}
		return normalize(err, "commit")
	}
	d.nudgeIntents() // the change's audit entry, if any, goes onto the chain
	if d.router != nil {
		d.router.markWrite(ctx)
	}
	return nil
}

// recordKey inserts the key in tx; a key present already means the write
// was applied before. A concurrent duplicate waits on the key's row lock
// until the first commits (then conflicts) or rolls back (then proceeds).
func (d *DB) recordKey(ctx context.Context, tx *sql.Tx, key string) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (key, applied_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		key, d.dialect.timeArg(time.Now()))
	if err != nil {
		return apperr.Wrap(err, "record the write's idempotency key")
	}
	if n, err := res.RowsAffected(); err != nil {
		return apperr.Wrap(err, "record the write's idempotency key")
	} else if n == 0 {
		return errAlreadyApplied()
	}
	return nil
}

// keyApplied looks the key up outside any transaction.
func (d *DB) keyApplied(ctx context.Context, key string) (bool, error) {
	var one int
	err := d.sql.QueryRowContext(ctx, `SELECT 1 FROM idempotency_keys WHERE key = $1`, key).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// pruneKeys forgets keys older than keyRetention.
func (d *DB) pruneKeys(ctx context.Context) {
	d.sql.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE applied_at < $1`, d.dialect.timeArg(time.Now().Add(-keyRetention)))
}

// KeyApplied reports whether a write under the client key (as the API
// received it, before the per-transaction suffix) committed its first
// transaction: for tests and operators checking an unknown outcome.
func (d *DB) KeyApplied(ctx context.Context, clientKey string) (bool, error) {
	return d.keyApplied(ctx, "c:"+clientKey+"/1")
}
