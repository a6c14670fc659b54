package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dancu/internal/readroute"
)

// Read replicas (PostgreSQL streaming standbys). Routing is the adapter's
// business: the read methods that tolerate bounded staleness (search,
// dashboards, reports, agencies' match reads) ask replicaQ for where to
// run; everything else, every write and every audit entry, stays on the
// primary. A replica serves a read only while its replay lag is within
// MaxLag, and not before it has replayed the reader's own last write
// (readroute marks the reader in ctx), so an officer who edits a record
// and searches for it sees the edit.

// ReplicaOptions configure read routing; no DSNs means every read goes to
// the primary.
type ReplicaOptions struct {
	// DSNs are the standbys: one postgres:// DSN each, or one multi-host
	// DSN with target_session_attrs=prefer-standby.
	DSNs []string
	// MaxLag is the replay lag past which a standby serves nothing
	// (default 5 s).
	MaxLag time.Duration
	// Poll is how often the lag is measured (default 200 ms).
	Poll   time.Duration
	Logger *slog.Logger
}

// ReadStats count where routed reads went since Open.
type ReadStats struct {
	Replica, Primary int64
	// Fallbacks by reason: "lag", "down" or "own-write".
	Fallbacks map[string]int64
	// MaxLag is the largest lag among the standbys at the last poll.
	MaxLag time.Duration
}

type replica struct {
	name    string // the redacted DSN, for logs
	pool    *sql.DB
	stmts   stmtCache
	replay  atomic.Uint64 // last replayed LSN seen by the poll
	lag     atomic.Int64  // nanoseconds
	healthy atomic.Bool
	lagging bool // the poll's last verdict, to log transitions only
}

type readRouter struct {
	primary  *sql.DB
	replicas []*replica
	maxLag   time.Duration
	poll     time.Duration
	log      *slog.Logger
	next     atomic.Uint32
	// own holds each marked reader's last write: the primary's insert
	// LSN after its commit.
	own                  sync.Map // reader key → uint64
	toReplica, toPrimary atomic.Int64
	fellBack             [3]atomic.Int64 // by fallback reason
	samples              []lsnSample     // the poll's primary LSN history
	stop, done           chan struct{}
}

const (
	fallLag = iota
	fallDown
	fallOwn
)

var fallbackNames = [...]string{"lag", "down", "own-write"}

type lsnSample struct {
	lsn uint64
	at  time.Time
}

// openReplicas connects the standbys; one unreachable at start is only
// marked down (and logged), since the primary can serve everything.
func (d *DB) openReplicas(ctx context.Context, opts ReplicaOptions) error {
	if len(opts.DSNs) == 0 {
		return nil
	}
	if d.dialect.name != "postgres" {
		return fmt.Errorf("read replicas need PostgreSQL: --db-read was given with a %s --db", d.dialect.name)
	}
	r := &readRouter{primary: d.sql, maxLag: opts.MaxLag, poll: opts.Poll, log: opts.Logger,
		stop: make(chan struct{}), done: make(chan struct{})}
	if r.maxLag <= 0 {
		r.maxLag = 5 * time.Second
	}
	if r.poll <= 0 {
		r.poll = 200 * time.Millisecond
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	for _, dsn := range opts.DSNs {
		if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
			r.closePools()
			return fmt.Errorf("read replica %q: give a postgres:// DSN", RedactDSN(dsn))
		}
		pool, err := openRetried(dsn, replicaConnectTimeout, replicaRetryFor)
		if err != nil {
			r.closePools()
			return fmt.Errorf("open read replica %s: %w", RedactDSN(dsn), err)
		}
		// As the primary's pool: idle connections kept, or every burst
		// past database/sql's default of 2 forks new server processes.
		n := max(4*runtime.GOMAXPROCS(0), 8)
		pool.SetMaxOpenConns(n)
		pool.SetMaxIdleConns(n)
		r.replicas = append(r.replicas, &replica{name: RedactDSN(dsn), pool: pool})
	}
	// The first measurement decides which standbys serve; one that does not
	// answer in time starts down (logged, its reads counted as fallbacks)
	// and the poll takes it in when it answers: a standby never delays or
	// stops the server's start.
	first, cancel := context.WithTimeout(ctx, replicaConnectTimeout+time.Second)
	r.measure(first)
	cancel()
	for _, rep := range r.replicas {
		if !rep.healthy.Load() {
			r.log.Warn("read replica unreachable at start: its reads go to the primary until it answers", "replica", rep.name)
		}
	}
	d.router = r
	go r.loop()
	return nil
}

// A standby's connections are retried like the primary's (a standby
// restarting answers 57P03 for a while), but within a shorter budget and
// timeout: a routed read has the primary to fall back to, and the poll
// marks a standby down within one period.
const (
	replicaConnectTimeout = 2 * time.Second
	replicaRetryFor       = 2 * time.Second
)

func (r *readRouter) closePools() {
	for _, rep := range r.replicas {
		rep.stmts.close()
		rep.pool.Close()
	}
}

func (r *readRouter) close() {
	close(r.stop)
	<-r.done
	r.closePools()
}

func (r *readRouter) loop() {
	defer close(r.done)
	t := time.NewTicker(r.poll)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), r.poll+time.Second)
			r.measure(ctx)
			cancel()
		}
	}
}

// pick is the standby a routed read runs on, or nil for the primary.
func (r *readRouter) pick(ctx context.Context) *replica {
	n := len(r.replicas)
	start := int(r.next.Add(1))
	reason := fallDown
	for i := 0; i < n; i++ {
		rep := r.replicas[(start+i)%n]
		if !rep.healthy.Load() {
			continue
		}
		if time.Duration(rep.lag.Load()) > r.maxLag {
			reason = fallLag
			continue
		}
		if !r.seesOwnWrite(ctx, rep) {
			reason = fallOwn
			continue
		}
		r.toReplica.Add(1)
		return rep
	}
	r.toPrimary.Add(1)
	r.fellBack[reason].Add(1)
	return nil
}

// seesOwnWrite reports whether rep has replayed the marked reader's last
// write. The poll's figure answers most reads; a stale one is refreshed
// once from the standby itself before the read goes to the primary.
func (r *readRouter) seesOwnWrite(ctx context.Context, rep *replica) bool {
	key := readroute.Reader(ctx)
	if key == "" {
		return true
	}
	v, ok := r.own.Load(key)
	if !ok {
		return true
	}
	want := v.(uint64)
	if rep.replay.Load() >= want {
		return true
	}
	got, err := replayLSN(ctx, rep.pool)
	if err != nil || got < want {
		return false
	}
	rep.replay.Store(got)
	r.own.CompareAndDelete(key, v)
	return true
}

// markWrite records the primary's position after a marked reader's commit.
func (r *readRouter) markWrite(ctx context.Context) {
	key := readroute.Reader(ctx)
	if key == "" {
		return
	}
	lsn, err := lsnOf(r.primary.QueryRowContext(ctx, `SELECT pg_current_wal_insert_lsn()::text`))
	if err != nil {
		// Unknown position: the reader's next reads go to the primary
		// until a later write of theirs records one.
		lsn = ^uint64(0)
	}
	r.own.Store(key, lsn)
}

func (r *readRouter) stats() ReadStats {
	s := ReadStats{Replica: r.toReplica.Load(), Primary: r.toPrimary.Load(), Fallbacks: map[string]int64{}}
	for i, name := range fallbackNames {
		s.Fallbacks[name] = r.fellBack[i].Load()
	}
	for _, rep := range r.replicas {
		s.MaxLag = max(s.MaxLag, time.Duration(rep.lag.Load()))
	}
	return s
}

// parseLSN reads PostgreSQL's "X/Y" LSN text.
func parseLSN(s string) (uint64, error) {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0, fmt.Errorf("LSN %q is not X/Y", s)
	}
	h, err := strconv.ParseUint(hi, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("LSN %q: %w", s, err)
	}
	l, err := strconv.ParseUint(lo, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("LSN %q: %w", s, err)
	}
	return h<<32 | l, nil
}

func lsnOf(row *sql.Row) (uint64, error) {
	var s sql.NullString
	if err := row.Scan(&s); err != nil {
		return 0, err
	}
	if !s.Valid {
		return 0, errNotStandby
	}
	return parseLSN(s.String)
}

var errNotStandby = fmt.Errorf("not a standby")

// replayLSN is how far a standby has replayed; a server that is not in
// recovery (prefer-standby fell back to the primary) is never behind.
func replayLSN(ctx context.Context, pool *sql.DB) (uint64, error) {
	lsn, err := lsnOf(pool.QueryRowContext(ctx, `SELECT pg_last_wal_replay_lsn()::text`))
	if err == errNotStandby {
		return ^uint64(0), nil
	}
	return lsn, err
}
