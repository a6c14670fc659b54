package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// dancu on a PostgreSQL cluster (a pg_auto_failover formation, or any
// primary with standbys). The DSN may name several hosts,
//
//	postgres://h1:5432,h2:5432,h3:5432/dancu?target_session_attrs=read-write
//
// which is also what `pg_autoctl show uri --formation default` prints;
// pgx tries the hosts in turn and keeps the one that accepts writes. When
// the primary dies, connections fail until a standby is promoted (4-11 s
// with the recipe's settings): new connections are retried with bounded
// backoff here, and write transactions are retried by InTx only when their
// outcome is known (idempotency.go).
const (
	// connectTimeout bounds one attempt at one host, unless the DSN says
	// connect_timeout: a dead host's SYN would otherwise wait for TCP.
	connectTimeout = 5 * time.Second
	// retryFor bounds how long a connection or a write is retried across
	// a failover before the error reaches the caller.
	retryFor = 30 * time.Second
	// firstBackoff doubles up to maxBackoff between attempts.
	firstBackoff = 100 * time.Millisecond
	maxBackoff   = 2 * time.Second
)

// openPostgres opens a pool whose new connections are retried across a
// failover.
func openPostgres(dsn string) (*sql.DB, error) { return openRetried(dsn, connectTimeout, retryFor) }

// openRetried opens a pool whose new connections are retried for up to
// budget, each attempt at one host bounded by timeout unless the DSN sets
// connect_timeout.
func openRetried(dsn string, timeout, budget time.Duration) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = timeout
	}
	return sql.OpenDB(retryConnector{base: stdlib.GetConnector(*cfg), budget: budget}), nil
}

// retryConnector retries a failed connection with backoff for up to
// budget, unless the server refused it for good (a wrong password, a
// missing database): those fail at once.
type retryConnector struct {
	base   driver.Connector
	budget time.Duration
}

func (c retryConnector) Driver() driver.Driver { return c.base.Driver() }

func (c retryConnector) Connect(ctx context.Context) (driver.Conn, error) {
	var conn driver.Conn
	err := retryWithin(ctx, c.budget, func() error {
		var err error
		conn, err = c.base.Connect(ctx)
		return err
	}, connectRetryable)
	return conn, err
}

// retry runs op until it succeeds, fails with an error retryable refuses,
// ctx ends or retryFor passes, sleeping with doubling backoff between.
func retry(ctx context.Context, op func() error, retryable func(error) bool) error {
	return retryWithin(ctx, retryFor, op, retryable)
}

// retryWithin is retry bounded by budget instead of retryFor.
func retryWithin(ctx context.Context, budget time.Duration, op func() error, retryable func(error) bool) error {
	deadline := time.Now().Add(budget)
	wait := firstBackoff
	for {
		err := op()
		if err == nil || !retryable(err) || time.Now().Add(wait).After(deadline) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, maxBackoff)
	}
}

// connectRetryable tells a failover (nothing listening, a standby that
// does not accept writes yet, a server starting or shutting down) from a
// refusal that a retry cannot change.
func connectRetryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return serverUnavailable(pg.Code)
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// serverUnavailable reports the SQLSTATEs of a server that is going away,
// not yet ready or read-only: connection exceptions (class 08),
// admin/crash shutdown and cannot-connect-now (57P01-57P03), and a write
// on a standby or a demoted primary (25006).
func serverUnavailable(code string) bool {
	return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03" || code == "25006"
}

// transient reports whether a transaction failed because the connection or
// the server went away, or the server chose to abort it (serialization
// failure, deadlock): running it again may succeed. It says nothing about
// whether a COMMIT that failed so took effect; see commitUnknown.
func transient(err error) bool {
	if err == nil {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return serverUnavailable(pg.Code) || pg.Code == "40001" || pg.Code == "40P01"
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if pgconn.SafeToRetry(err) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var ce *pgconn.ConnectError
	return errors.As(err, &ce) || strings.Contains(err.Error(), "conn closed")
}

// commitUnknown wraps the error of a COMMIT whose connection failed: the
// server may have committed before it went away.
type commitUnknown struct{ err error }

func (c *commitUnknown) Error() string { return "commit outcome unknown: " + c.err.Error() }
func (c *commitUnknown) Unwrap() error { return c.err }

// Ready reports whether the store can take writes now: on PostgreSQL a
// connection to a server that is not in recovery (the primary), on SQLite
// a working connection. /readyz answers with it.
func (d *DB) Ready(ctx context.Context) error {
	if d.dialect.name != "postgres" {
		return d.sql.PingContext(ctx)
	}
	var standby bool
	if err := d.sql.QueryRowContext(ctx, `SELECT pg_is_in_recovery()`).Scan(&standby); err != nil {
		return err
	}
	if standby {
		return errors.New("connected to a standby: no primary accepts writes")
	}
	return nil
}
