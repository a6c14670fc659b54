// Package sqlstore implements the registry's Store on SQLite (embedded,
// the default) and PostgreSQL (production) through database/sql. One code
// path serves both; the few places where an engine has a better tool (COPY
// on PostgreSQL, multi-row INSERT on SQLite) sit behind the dialect type.
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"dancu/internal/idnumber"
	"dancu/internal/units"
)

// DB is a registry store on one database.
type DB struct {
	sql     *sql.DB
	dialect dialect
	units   *units.Catalog
	seq     *idnumber.Sequencer
	now     func() time.Time
	stmts   stmtCache
	txStmts txStmtCache // transactions' statements (tx_stmts.go)
	reads   linkedQueries
	caps    caps
	// chain is where the audit chain lives (audit_chain.go), chainStmts
	// its prepared statements.
	chain      *auditChain
	chainStmts stmtCache
	// intentNudge wakes the mover of changes' audit entries
	// (audit_intents.go); stopIntents ends it, intentsDone says it ended.
	intentNudge chan struct{}
	stopIntents chan struct{}
	intentsDone chan struct{}
	// stopCheckpoints ends the SQLite background checkpointer.
	stopCheckpoints chan struct{}
	// router sends lag-tolerant reads to standbys (replica.go); nil
	// without them.
	router *readRouter
	// coord holds a SQLite register's leases and rate buckets
	// (coord_file.go); nil on PostgreSQL.
	coord *coordFile
	// points are SQLite's direct point reads (point_sqlite.go): their
	// own pool and its statements; nil on PostgreSQL.
	points *pointReads
}

// Options configure Open.
type Options struct {
	Units *units.Catalog   // default units.Default()
	Now   func() time.Time // default time.Now; tests inject a clock
	// Replicas are PostgreSQL standbys for lag-tolerant reads.
	Replicas ReplicaOptions
}

// Open connects to a DSN: "sqlite:PATH" (or a bare path ending in .db) or
// "postgres://…". Pending migrations run first.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if opts.Units == nil {
		opts.Units = units.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	d := &DB{units: opts.Units, now: opts.Now}
	d.initCaps()
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d.dialect = postgresDialect
		d.sql, err = openPostgres(dsn) // multi-host, retried across a failover (cluster.go)
		if err == nil {
			// Each connection is a server process; more of them than a few
			// per core only adds context switches (p99 of point reads fell
			// from over a second to milliseconds on 2 cores).
			n := max(4*runtime.GOMAXPROCS(0), 8)
			d.sql.SetMaxOpenConns(n)
			d.sql.SetMaxIdleConns(n)
		}
	case strings.HasPrefix(dsn, "sqlite:"), strings.HasSuffix(dsn, ".db"):
		d.dialect = sqliteDialect
		if err := createPrivateSQLite(strings.TrimPrefix(dsn, "sqlite:"), sqlitePageSize); err != nil {
			return nil, err
		}
		d.coord = &coordFile{path: CoordFilePath(strings.TrimPrefix(dsn, "sqlite:"))}
		d.sql, err = sql.Open("sqlite", sqliteDSN(strings.TrimPrefix(dsn, "sqlite:")))
		if err == nil {
			// Readers run in parallel under WAL; writes serialise on SQLite's
			// own lock, which busy_timeout waits for.
			d.sql.SetMaxOpenConns(8)
			d.sql.SetMaxIdleConns(8)
		}
	default:
		return nil, fmt.Errorf("unsupported database %q: use sqlite:PATH or postgres://…", RedactDSN(dsn))
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", RedactDSN(dsn), err)
	}
	d.reads = d.dialect.linkedQueries()
	if err := d.sql.PingContext(ctx); err != nil {
		d.sql.Close()
		return nil, fmt.Errorf("connect to %s: %w", RedactDSN(dsn), err)
	}
	if err := d.Migrate(ctx); err != nil {
		d.sql.Close()
		return nil, err
	}
	if err := d.loadSequencer(ctx); err != nil {
		d.sql.Close()
		return nil, err
	}
	if err := d.openAuditChain(ctx, dsn); err != nil {
		d.sql.Close()
		return nil, err
	}
	if err := d.openReplicas(ctx, opts.Replicas); err != nil {
		d.chain.close()
		d.sql.Close()
		return nil, err
	}
	if d.dialect.name == "sqlite" {
		d.points = openPointReads(strings.TrimPrefix(dsn, "sqlite:"))
		d.stopCheckpoints = make(chan struct{})
		go d.checkpointLoop(d.stopCheckpoints)
	}
	d.intentNudge = make(chan struct{}, 1)
	d.stopIntents, d.intentsDone = make(chan struct{}), make(chan struct{})
	d.nudgeIntents() // intents an earlier process left
	go d.intentLoop(d.stopIntents, d.intentsDone)
	return d, nil
}

// sqlitePageSize is the page size of a new register. Version rows carry a
// whole record (~0.9 KB of JSON): a 4 KiB page holds three of them and
// leaves a quarter empty (dbstat, 100k citizens: 1,342 bytes a version
// row; 1,109 with 16 KiB pages, 1,094 with 32 KiB). A small change writes
// a few whole pages to the WAL, so larger pages cost more bytes per
// commit; its fsync, not its size, is what a write waits for. Registers
// created before keep their page size (changing it needs a VACUUM).
const sqlitePageSize = 32768

// SQLite page-cache sizes in KiB: every pooled connection, and the one
// connection a batch import holds (see BeginImport).
const (
	sqliteCacheKiB       = 64 << 10
	sqliteImportCacheKiB = 1 << 20
	// sqliteMmapBytes is the memory map of every pooled connection.
	sqliteMmapBytes = 16 << 30
)

// sqliteDSN sets the pragmas every connection needs: WAL for concurrent
// readers, a busy timeout instead of instant SQLITE_BUSY, foreign keys on.
func sqliteDSN(path string) string {
	q := url.Values{}
	// mmap lets readers use the OS page cache directly: without it every
	// page a connection has not cached is a pread system call and a page
	// allocation, which dominated point reads under load (pprof).
	// journal_size_limit truncates the WAL to 4 MiB once a checkpoint has
	// emptied it, so a bulk load's WAL (as large as the data it loaded) does
	// not stay on disk. The page size is set when the file is created
	// (createPrivateSQLite): the driver runs these pragmas in alphabetical
	// order, after journal_mode has fixed the page size.
	for _, p := range []string{"journal_mode(WAL)", "journal_size_limit(" + strconv.Itoa(sqliteWALKeepBytes) + ")", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(" + sqliteSynchronous + ")", "wal_autocheckpoint(" + strconv.Itoa(sqliteWALLimitBytes/sqlitePageSize) + ")", "cache_size(" + strconv.Itoa(-sqliteCacheKiB) + ")", "mmap_size(" + strconv.Itoa(sqliteMmapBytes) + ")", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// RedactDSN hides a password in a connection string before it is logged:
// in a URL's user info (one host or several, postgres://u:p@h1,h2/db,
// which net/url cannot parse) and in a password parameter.
func RedactDSN(dsn string) string {
	if scheme, rest, ok := strings.Cut(dsn, "://"); ok {
		end := strings.IndexAny(rest, "/?")
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
			if user, _, has := strings.Cut(rest[:at], ":"); has {
				rest = user + ":xxxxx" + rest[at:]
			}
		}
		dsn = scheme + "://" + rest
	}
	return passwordParam.ReplaceAllString(dsn, "${1}xxxxx")
}

// passwordParam is a password=… parameter of a URL query or a key/value DSN.
var passwordParam = regexp.MustCompile(`((?:^|[?&\s])password=)[^&\s]*`)

// sqliteSynchronous is the register's sync mode. In WAL mode NORMAL does
// not fsync at commit: an acknowledged change (and a change's audit entry)
// could be lost on power failure. A register acknowledges only what
// survives it, so every commit fsyncs the WAL (docs/ARCHITECTURE.md,
// "Durability"); the audit file does the same (auditFileDSN).
const sqliteSynchronous = "FULL"

// Close stops the background work, moves the last intents onto the audit
// chain and closes the pools.
func (d *DB) Close() error {
	if d.stopIntents != nil {
		close(d.stopIntents)
		<-d.intentsDone
		d.stopIntents = nil
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		d.caps.auditLog.MoveIntents(ctx) // what is left waits, durable, for the next process
		cancel()
	}
	if d.stopCheckpoints != nil {
		close(d.stopCheckpoints)
		d.stopCheckpoints = nil
	}
	if d.router != nil {
		d.router.close()
		d.router = nil
	}
	d.stmts.close()
	d.txStmts.close()
	d.chainStmts.close()
	cerr := d.chain.close()
	if err := d.coord.close(); err != nil && cerr == nil {
		cerr = err
	}
	if err := d.points.close(); err != nil && cerr == nil {
		cerr = err
	}
	if err := d.sql.Close(); err != nil {
		return err
	}
	return cerr
}

// SQL exposes the pool to sibling adapters (benchmarks, other stores).
func (d *DB) SQL() *sql.DB { return d.sql }

// Engine names the engine: "sqlite" or "postgres".
func (d *DB) Engine() string { return d.dialect.name }

// loadSequencer reads (or creates) the secret key of the ID-number
// permutation, so numbers are unpredictable yet unique per deployment.
func (d *DB) loadSequencer(ctx context.Context) error {
	var key string
	err := d.sql.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'id_sequencer_key'`).Scan(&key)
	if err == sql.ErrNoRows {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return fmt.Errorf("generate ID key: %w", err)
		}
		key = hex.EncodeToString(b)
		if _, err := d.sql.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('id_sequencer_key', $1) ON CONFLICT (name) DO NOTHING`, key); err != nil {
			return fmt.Errorf("store ID key: %w", err)
		}
		err = d.sql.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'id_sequencer_key'`).Scan(&key)
	}
	if err != nil {
		return fmt.Errorf("read ID key: %w", err)
	}
	raw, err := hex.DecodeString(key)
	if err != nil {
		return fmt.Errorf("ID key in settings is not hex: %w", err)
	}
	d.seq = idnumber.NewSequencer(raw)
	return nil
}

// Now is the clock the store stamps rows with (tests inject one).
func (d *DB) Now() time.Time { return d.now() }

// Units is the catalog the store was opened with.
func (d *DB) Units() *units.Catalog { return d.units }
