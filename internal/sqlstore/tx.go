package sqlstore

import (
	"context"
	"database/sql"

	"dancu/internal/apperr"
)

// The transaction seam. A domain service decides what one change does (the
// new version, its quality findings, its events for agencies, its audit
// entry) and runs all of it inside InTx; every store method called with the
// context InTx hands out joins that transaction. The adapter only runs the
// transaction: it decides nothing about what goes into it.

type txKey struct{}

// txFrom returns the transaction ctx carries, if any: a *sql.Tx, or the
// *sql.Conn of an import batch that runs its own BEGIN.
func txFrom(ctx context.Context) queryer {
	tx, _ := ctx.Value(txKey{}).(queryer)
	return tx
}

// withTx puts a transaction into ctx for the store methods fn calls.
func withTx(ctx context.Context, tx queryer) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// q is where a store method runs its statements: the caller's transaction
// when there is one, else the pool.
func (d *DB) q(ctx context.Context) queryer {
	if tx := txFrom(ctx); tx != nil {
		return tx
	}
	return d.sql
}

// InTx runs fn in one transaction: it commits when fn returns nil and rolls
// back otherwise. A call inside another InTx joins the outer transaction,
// so use cases compose.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if txFrom(ctx) != nil {
		return fn(ctx)
	}
	return d.inTx(ctx, func(tx *sql.Tx) error {
		return fn(withTx(ctx, d.wrapTx(tx)))
	})
}

// inTx runs fn in a new transaction on the pool, under the write's
// idempotency key, retried across a failover (idempotency.go).
func (d *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	key, _ := d.writeKey(ctx)
	return d.runWrite(ctx, key, fn)
}

// mustTx is the transaction of a method that only makes sense inside one.
func mustTx(ctx context.Context, what string) (queryer, error) {
	tx := txFrom(ctx)
	if tx == nil {
		return nil, apperr.New(apperr.Internal, "%s must run inside a transaction (InTx)", what)
	}
	return tx, nil
}
