package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"sync"
)

// The hottest point reads on SQLite (a verification's subject, the API's
// read of a record by ID number or id) run on the driver's connection
// directly: a statement prepared once per connection, one row stepped and
// its values assigned to the destinations here. Through database/sql's
// Stmt and Row the same read also found the connection's copy of the
// statement under a lock, converted the arguments with their checkers,
// allocated a Rows with its close mutex and context watch, and converted
// each column through convertAssign: 17 % of a point read's CPU in the
// store (pprof, 1M citizens) and 16 of its 34 allocations.
//
// These reads have a pool of their own (query_only, database/sql's, so
// its size and error handling are the usual ones) because the statements
// are held outside database/sql's bookkeeping: database/sql finalizes the
// statements it prepared before it closes a connection, not these, and
// SQLite keeps a connection closed with a live statement as a zombie (its
// cache, map and descriptor) until the statement is finalized. The
// register's pool discards a connection whenever a query on it was
// interrupted (a cancelled request's context); the reads here never
// carry a cancellable context, so nothing interrupts this pool's
// connections. Inside a transaction the read joins it, and PostgreSQL,
// whose reads cross the network, keeps database/sql.
type pointReads struct {
	pool *sql.DB
	m    sync.Map // pointKey → driver.Stmt
}

type pointKey struct {
	conn  any // the driver's connection, a pointer
	query string
}

// openPointReads opens the point reads' pool on the register at path.
// sql.Open only fails on an unknown driver, which the register's own pool
// would have met first.
func openPointReads(path string) *pointReads {
	pool, _ := sql.Open("sqlite", sqliteDSN(path)+"&_pragma=query_only(1)")
	pool.SetMaxOpenConns(8)
	pool.SetMaxIdleConns(8)
	return &pointReads{pool: pool}
}

// pointScan runs query (one row, by key) with args and assigns its
// columns to dest, or returns sql.ErrNoRows. Callers pass destinations of
// the kinds assignPoint takes and arguments of the kinds pointArgs takes.
// A read on PostgreSQL or inside a transaction goes through routedRow
// when routed (standbys may serve it), else hotRow.
func (d *DB) pointScan(ctx context.Context, routed bool, query string, args []any, dest ...any) error {
	if d.points == nil || txFrom(ctx) != nil || !pointArgs(args) {
		if routed {
			return d.routedRow(ctx, query, args...).Scan(dest...)
		}
		return d.hotRow(ctx, query, args...).Scan(dest...)
	}
	p := d.points
	ctx = context.WithoutCancel(ctx) // see pointReads
	conn, err := p.pool.Conn(ctx)
	if err != nil {
		return err
	}
	err = conn.Raw(func(dc any) error { return p.scan(ctx, dc, query, args, dest) })
	if cerr := conn.Close(); err == nil {
		err = cerr
	}
	return err
}

func (p *pointReads) scan(ctx context.Context, dc any, query string, args []any, dest []any) error {
	st, err := p.stmt(ctx, dc, query)
	if err != nil {
		return err
	}
	var named [4]driver.NamedValue
	nv := named[:0]
	for i, a := range args {
		nv = append(nv, driver.NamedValue{Ordinal: i + 1, Value: a})
	}
	q, ok := st.(driver.StmtQueryContext)
	if !ok {
		return fmt.Errorf("point read: the driver's statement %T cannot query with a context", st)
	}
	rows, err := q.QueryContext(ctx, nv)
	if err != nil {
		return err
	}
	var buf [16]driver.Value
	n := len(rows.Columns())
	if n != len(dest) || n > len(buf) {
		rows.Close()
		return fmt.Errorf("point read: %d columns into %d destinations", n, len(dest))
	}
	vals := buf[:n]
	if err := rows.Next(vals); err != nil {
		rows.Close()
		if errors.Is(err, io.EOF) {
			return sql.ErrNoRows
		}
		return err
	}
	for i, v := range vals {
		if err := assignPoint(dest[i], v); err != nil {
			rows.Close()
			return fmt.Errorf("point read: column %d: %w", i, err)
		}
	}
	return rows.Close()
}

// pointArgs says whether args are all of the kinds the driver binds as
// they are (database/sql would pass them on unchanged): keys are text or
// integers.
func pointArgs(args []any) bool {
	if len(args) > 4 {
		return false
	}
	for _, a := range args {
		switch a.(type) {
		case string, int64:
		default:
			return false
		}
	}
	return true
}

// stmt is query prepared on the driver's connection dc, once.
func (p *pointReads) stmt(ctx context.Context, dc any, query string) (driver.Stmt, error) {
	key := pointKey{dc, query}
	if st, ok := p.m.Load(key); ok {
		return st.(driver.Stmt), nil
	}
	c, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return nil, fmt.Errorf("point read: the driver's connection %T cannot prepare with a context", dc)
	}
	st, err := c.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	// Only the goroutine holding dc prepares on it: no other can store
	// the key meanwhile.
	p.m.Store(key, st)
	return st, nil
}

// close finalizes every statement, then closes the pool (a connection
// with a live statement would not close).
func (p *pointReads) close() error {
	if p == nil {
		return nil
	}
	p.m.Range(func(k, st any) bool {
		st.(driver.Stmt).Close()
		p.m.Delete(k)
		return true
	})
	return p.pool.Close()
}

// assignPoint stores a column's driver value in dest as database/sql's
// Scan does for the destinations point reads use: strings, bytes (copied:
// the driver may reuse its buffer), integers, any, named string and
// integer types, and sql.Scanner (sql.NullString, pdate.Date).
func assignPoint(dest any, v driver.Value) error {
	switch d := dest.(type) {
	case *string:
		switch s := v.(type) {
		case string:
			*d = s
			return nil
		case []byte:
			*d = string(s)
			return nil
		case int64:
			*d = strconv.FormatInt(s, 10)
			return nil
		}
	case *[]byte:
		switch s := v.(type) {
		case nil:
			*d = nil
			return nil
		case []byte:
			*d = bytes.Clone(s)
			return nil
		case string:
			*d = []byte(s)
			return nil
		}
	case *int:
		if s, ok := v.(int64); ok && int64(int(s)) == s {
			*d = int(s)
			return nil
		}
	case *int64:
		if s, ok := v.(int64); ok {
			*d = s
			return nil
		}
	case *any:
		if b, ok := v.([]byte); ok {
			v = bytes.Clone(b)
		}
		*d = v
		return nil
	case sql.Scanner:
		return d.Scan(v)
	}
	if rv := reflect.ValueOf(dest); rv.Kind() == reflect.Pointer && !rv.IsNil() {
		switch e, s := rv.Elem(), v; {
		case e.Kind() == reflect.String && reflect.TypeOf(s) == reflect.TypeFor[string]():
			e.SetString(s.(string))
			return nil
		case e.Kind() == reflect.String && reflect.TypeOf(s) == reflect.TypeFor[[]byte]():
			e.SetString(string(s.([]byte)))
			return nil
		}
	}
	return fmt.Errorf("cannot scan %T into %T", v, dest)
}
