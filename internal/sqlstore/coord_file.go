package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"
)

// A SQLite register keeps its leader leases and its agencies' rate
// buckets in a small file of their own beside it, NAME.coord.db, and not
// in the register. Both are written while the server runs and nothing
// else is: a lease renewal every 5 s per lease, a rate-limit draw every
// second per busy agency. A commit to the register changes its WAL, and
// every pooled connection that sees the WAL changed at the start of its
// next read unmaps its whole memory map of the register and faults the
// pages it reads back in. Under read-only traffic these renewals and
// draws alone kept every connection's map cold: a point read faulted ~1.5
// times and cost 20 µs of CPU in the store instead of 12 (1M citizens,
// a commit every ~4,000 reads). The file is shared by every process on
// the register as the register is (one machine, one clock), and is opened
// on the first lease or draw. PostgreSQL keeps both tables in the
// register: its reads map nothing.
type coordFile struct {
	path string
	mu   sync.Mutex
	db   *sql.DB // nil until the first use
}

// CoordFilePath is where the leases and rate buckets of the SQLite
// register at path live.
func CoordFilePath(path string) string {
	return strings.TrimSuffix(path, ".db") + ".coord.db"
}

// coordSchema is the file's tables, as migrations 0040 and 0049 made them
// in the register.
const coordSchema = `
CREATE TABLE IF NOT EXISTS leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agency_rate_buckets (
    agency_id   TEXT PRIMARY KEY,
    tokens      REAL NOT NULL,
    refilled_us INTEGER NOT NULL,
    granted     REAL NOT NULL
)`

// coordSQL is the pool that holds the leases and the rate buckets: the
// register's on PostgreSQL, the coordination file's on SQLite. A failed
// open is retried by the next call.
func (d *DB) coordSQL() (*sql.DB, error) {
	if d.coord == nil {
		return d.sql, nil
	}
	c := d.coord
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.db != nil {
		return c.db, nil
	}
	if err := createPrivateSQLite(c.path, 4096); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", coordFileDSN(c.path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", c.path, err)
	}
	db.SetMaxOpenConns(2)
	db.SetMaxIdleConns(2)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, coordSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("create the tables of %s: %w", c.path, err)
	}
	c.db = db
	return db, nil
}

// coordFileDSN opens the coordination file: WAL, synchronous=FULL like the
// register (a lease renewal or a draw is durable when it returns), a busy
// timeout for the other processes' statements.
func coordFileDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "synchronous(FULL)", "cache_size(-1024)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

func (c *coordFile) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.db == nil {
		return nil
	}
	err := c.db.Close()
	c.db = nil
	return err
}
