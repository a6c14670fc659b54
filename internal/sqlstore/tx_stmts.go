package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// On SQLite (modernc) every statement a transaction runs unprepared is
// parsed and planned again: in a dossier's approval that was a fifth of
// its CPU. A transaction of InTx therefore runs its statements through
// prepared ones: the pool's statement, bound to the transaction's own
// connection (database/sql keeps it prepared there for the next
// transaction). PostgreSQL's driver (pgx) caches statements itself.
const (
	// maxTxStatements bounds the query texts kept prepared; beyond it (a
	// caller building texts, e.g. IN lists of any length) a statement runs
	// unprepared.
	maxTxStatements = 256
)

// stmtTx is a transaction whose statements run prepared.
type stmtTx struct {
	*sql.Tx
	d     *DB
	mu    sync.Mutex
	bound map[string]*sql.Stmt // query text → statement bound to Tx
}

func (d *DB) wrapTx(tx *sql.Tx) queryer {
	if d.dialect.name != "sqlite" {
		return tx
	}
	return &stmtTx{Tx: tx, d: d, bound: map[string]*sql.Stmt{}}
}

// stmt is the statement of query bound to the transaction, or nil to run
// the text unprepared.
func (t *stmtTx) stmt(ctx context.Context, query string) *sql.Stmt {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st, ok := t.bound[query]; ok {
		return st
	}
	shared := t.d.txStmts.lookup(query)
	if shared == nil {
		// Prepared on the pool in the background: the transaction holds
		// a connection already, and SQLite's waiting writers may hold all
		// the others, so it must not wait for one. This time the text
		// runs unprepared.
		t.d.txStmts.prepareLater(t.d.sql, query)
		return nil
	}
	st := t.Tx.StmtContext(ctx, shared) // closed with the transaction
	t.bound[query] = st
	return st
}

func (t *stmtTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

func (t *stmtTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

func (t *stmtTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}

// txStmtCache is the pool's statements of transactions' query texts.
type txStmtCache struct {
	mu      sync.RWMutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
	full    bool
	closed  bool
}

func (c *txStmtCache) lookup(query string) *sql.Stmt {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.stmts[query]
}

// prepareLater prepares query on a pool connection in a goroutine, once
// per text, unless the cache is full. A text that does not prepare stays
// pending, so it is not tried again (it runs unprepared, which reports
// its error to its caller).
func (c *txStmtCache) prepareLater(db *sql.DB, query string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.full || c.closed || c.pending[query] {
		return
	}
	if len(c.stmts)+len(c.pending) >= maxTxStatements {
		c.full = true
		return
	}
	if c.pending == nil {
		c.pending = map[string]bool{}
	}
	c.pending[query] = true
	go func() {
		st, err := db.PrepareContext(context.Background(), query)
		if err != nil {
			return
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.closed {
			st.Close()
			return
		}
		if c.stmts == nil {
			c.stmts = map[string]*sql.Stmt{}
		}
		c.stmts[query] = st
		delete(c.pending, query)
	}()
}

func (c *txStmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
}
