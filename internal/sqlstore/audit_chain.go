package sqlstore

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"
)

// The audit chain is stored apart from the register's transaction path.
// Every disclosure waits for its entry to be durable; while those entries
// committed in the register's own write-ahead log, each read's response
// waited behind the writes and checkpoints of the whole register. Now:
//
//   - SQLite: the chain lives in its own file beside the database
//     (NAME.audit.db, 0600), with synchronous=FULL, so one fsync of its WAL
//     makes a whole group commit of reads' entries durable;
//   - PostgreSQL: the chain keeps its tables but appends through its own
//     small connection pool, so group commits never queue behind the
//     register's connections.
//
// The entry of a change still commits in the change's own transaction, as
// an intent row of the register (audit_intents.go), and moves onto the
// chain right after: SQLite cannot commit two WAL files atomically.
type auditChain struct {
	sql *sql.DB
	// own is true when sql is a handle of its own (closed with the DB).
	own bool
	// commits and records count the chain's append transactions and the
	// entries they stored, to measure how many entries share one fsync.
	commits, records atomic.Int64
	// through caches the highest intent id known to be on the chain
	// (SQLite), so the mover's poll is one query on the register.
	through atomic.Int64
	// appendConn is the one connection SQLite appends run on (taken at
	// the first append, under appendMu). A commit by another connection
	// makes SQLite drop a connection's whole page cache at its next
	// transaction: with appends spread over the pool, every batch freed
	// and re-read the pages it touched, a third of the OpenID Connect
	// provider's CPU at 1M citizens (pprof, _pager_reset and pread).
	appendMu   sync.Mutex
	appendConn *sql.Conn
	// walPath is the SQLite audit file's WAL, which syncWAL fsyncs
	// (audit_sync.go); syncs counts those fsyncs.
	walPath string
	walMu   sync.Mutex
	wal     *os.File
	walErr  error
	syncs   atomic.Int64
	// journal spools reads' entries (nil: PostgreSQL, or another process
	// holds it).
	journal *auditJournal
}

// beginAppend starts an append transaction: on SQLite on the chain's own
// append connection (release unlocks it after the transaction ends), on
// PostgreSQL from the pool.
func (c *auditChain) beginAppend(ctx context.Context, sqlite bool) (tx *sql.Tx, release func(), err error) {
	if !sqlite {
		tx, err = c.sql.BeginTx(ctx, nil)
		return tx, func() {}, err
	}
	c.appendMu.Lock()
	if c.appendConn == nil {
		if c.appendConn, err = c.sql.Conn(ctx); err != nil {
			c.appendMu.Unlock()
			return nil, nil, err
		}
		// The append connection's commits do not fsync: the chain fsyncs
		// the WAL itself before an append is relied on (audit_sync.go).
		if _, err = c.appendConn.ExecContext(ctx, `PRAGMA synchronous=NORMAL`); err != nil {
			c.appendConn.Close()
			c.appendConn = nil
			c.appendMu.Unlock()
			return nil, nil, err
		}
	}
	if tx, err = c.appendConn.BeginTx(ctx, nil); err != nil {
		// A broken connection is replaced at the next append.
		c.appendConn.Close()
		c.appendConn = nil
		c.appendMu.Unlock()
		return nil, nil, err
	}
	return tx, c.appendMu.Unlock, nil
}

// auditPageSize is the audit file's page size. An append batch dirties a
// few pages (the log's and its indexes' last leaves) and every commit
// writes each whole to the WAL: at the register's 32 KiB a batch of seven
// entries wrote about 300 KiB, and pwrite was a tenth of the provider's
// CPU.
const auditPageSize = 4096

//go:embed audit_file.sql
var auditFileSchema string

// auditFileVersion is the audit file's PRAGMA user_version once its schema
// is in place; version 1 files (the first hour of the layout) are not yet
// bound to their register, version 2 files have no journal mark, version 3
// files index the chain's citizens without spans, version 4 files by spans
// of 65,536 entries (audit_span.go).
const auditFileVersion = 5

// AuditFilePath is where the audit chain of the SQLite database at path
// lives: NAME.audit.db beside NAME.db.
func AuditFilePath(path string) string {
	return strings.TrimSuffix(path, ".db") + ".audit.db"
}

// auditFileDSN opens the chain's file: WAL with synchronous=FULL (a commit
// fsyncs the WAL: the entry is durable when Record returns), immediate
// transactions (an append holds the chain's lock from its first read of
// the head), a small cache (the chain is appended, rarely read).
func auditFileDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "synchronous(FULL)",
		"wal_autocheckpoint(" + strconv.Itoa(sqliteWALLimitPages) + ")", "cache_size(-16384)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// openAuditChain opens where the chain lives for a database at dsn.
func (d *DB) openAuditChain(ctx context.Context, dsn string) error {
	if d.dialect.name == "postgres" {
		db, err := openPostgres(dsn)
		if err != nil {
			return fmt.Errorf("open the audit log's connections: %w", err)
		}
		// One group commit at a time, plus the intents' mover and readers.
		db.SetMaxOpenConns(3)
		db.SetMaxIdleConns(3)
		d.chain = &auditChain{sql: db, own: true}
		return nil
	}
	main := strings.TrimPrefix(dsn, "sqlite:")
	if main == "" || strings.HasPrefix(main, ":memory:") || strings.HasPrefix(main, "file:") {
		return fmt.Errorf("sqlite: the audit log needs a database file path to keep its own file beside it, not %q", main)
	}
	path := AuditFilePath(main)
	if err := createPrivateSQLite(path, auditPageSize); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", auditFileDSN(path))
	if err != nil {
		return fmt.Errorf("open the audit log %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	d.chain = &auditChain{sql: db, own: true, walPath: path + "-wal"}
	registerID, err := d.registerID(ctx)
	if err != nil {
		db.Close()
		return err
	}
	if err := d.initAuditFile(ctx, main, registerID); err != nil {
		db.Close()
		return fmt.Errorf("audit log %s: %w", path, err)
	}
	if err := d.openJournal(ctx, main, registerID); err != nil {
		db.Close()
		return err
	}
	return nil
}

// openJournal takes the audit journal of the register at mainPath unless
// another process holds it: reads' entries are then spooled there
// (audit_journal.go). The chain's mark is synced first: the journal is
// rewound only over entries durable on the chain.
func (d *DB) openJournal(ctx context.Context, mainPath, registerID string) error {
	var through int64
	err := d.chain.sql.QueryRowContext(ctx, `SELECT through FROM audit_journal_moved`).Scan(&through)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("audit log: read the journal's mark: %w", err)
	}
	if err := d.chain.syncWAL(); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("audit log: sync before opening the journal: %w", err)
	}
	j, err := openAuditJournal(AuditJournalPath(mainPath), registerID, through, func() { d.nudgeIntents() },
		func() error { return d.caps.auditLog.MoveIntents(context.Background()) })
	switch {
	case errors.Is(err, errJournalBusy):
		return nil
	case err != nil:
		return err
	}
	d.chain.journal = j
	return nil
}

// initAuditFile creates the chain's tables in a new audit file. A register
// written before the chain had its own file keeps its chain in its own
// audit tables: that chain is copied over in the same transaction, so the
// log continues where it was.
func (d *DB) initAuditFile(ctx context.Context, mainPath, registerID string) error {
	conn, err := d.chain.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var version int
	if err := conn.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version == 1 {
		if err := bindAuditFile(ctx, conn, registerID); err != nil {
			return err
		}
		version = 2
	}
	if version == 2 {
		if err := addJournalMark(ctx, conn); err != nil {
			return err
		}
		version = 3
	}
	if version == 3 || version == 4 {
		if err := indexSubjectsBySpan(ctx, conn); err != nil {
			return err
		}
		version = auditFileVersion
	}
	if version >= auditFileVersion {
		return checkAuditRegister(ctx, conn, registerID)
	}
	var legacy int
	if err := d.sql.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM audit_log LIMIT 1)`).Scan(&legacy); err != nil {
		return fmt.Errorf("look for a chain in the register: %w", err)
	}
	if legacy > 0 {
		// ATTACH cannot run inside a transaction.
		if _, err := conn.ExecContext(ctx, `ATTACH DATABASE $1 AS reg`, mainPath); err != nil {
			return fmt.Errorf("attach the register: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE reg`)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil || version >= auditFileVersion {
		return err // another process created it meanwhile
	}
	if _, err := tx.ExecContext(ctx, auditFileSchema); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_register (one, register_id) VALUES (1, $1)`, registerID); err != nil {
		return fmt.Errorf("bind to the register: %w", err)
	}
	if legacy > 0 {
		for _, t := range []string{"audit_log", "audit_subjects", "audit_checkpoints", "audit_keys"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+t+` SELECT * FROM reg.`+t); err != nil {
				return fmt.Errorf("copy the register's %s: %w", t, err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `PRAGMA user_version = `+strconv.Itoa(auditFileVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// registerID is the register's random identity (settings.register_id),
// made on first use.
func (d *DB) registerID(ctx context.Context) (string, error) {
	if _, err := d.sql.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('register_id', $1) ON CONFLICT (name) DO NOTHING`,
		uuid.Must(uuid.NewV7()).String()); err != nil {
		return "", fmt.Errorf("store the register's id: %w", err)
	}
	var id string
	if err := d.sql.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'register_id'`).Scan(&id); err != nil {
		return "", fmt.Errorf("read the register's id: %w", err)
	}
	return id, nil
}

// bindAuditFile binds a version 1 audit file to the register it is
// opened with.
func bindAuditFile(ctx context.Context, conn *sql.Conn, registerID string) error {
	return upgradeAuditFile(ctx, conn, "bind to the register",
		auditFileStep{q: `CREATE TABLE IF NOT EXISTS audit_register (one INTEGER PRIMARY KEY CHECK (one = 1), register_id TEXT NOT NULL)`},
		auditFileStep{q: `INSERT INTO audit_register (one, register_id) VALUES (1, $1) ON CONFLICT (one) DO NOTHING`, args: []any{registerID}},
		auditFileStep{q: `PRAGMA user_version = 2`})
}

// addJournalMark gives a version 2 audit file the journal's mark.
func addJournalMark(ctx context.Context, conn *sql.Conn) error {
	return upgradeAuditFile(ctx, conn, "add the journal's mark",
		auditFileStep{q: `CREATE TABLE IF NOT EXISTS audit_journal_moved (one INTEGER PRIMARY KEY CHECK (one = 1), through INTEGER NOT NULL)`},
		auditFileStep{q: `PRAGMA user_version = 3`})
}

// indexSubjectsBySpan replaces a version 3 or 4 audit file's index of the
// chain's citizens (by citizen, or by spans of another size) with the one
// keyed by span (audit_span.go), in one pass over audit_subjects at the
// first open.
func indexSubjectsBySpan(ctx context.Context, conn *sql.Conn) error {
	return upgradeAuditFile(ctx, conn, "index the citizens by span",
		auditFileStep{q: `DROP INDEX IF EXISTS audit_subjects_citizen`},
		auditFileStep{q: `DROP INDEX IF EXISTS audit_subjects_span_citizen`},
		auditFileStep{q: `CREATE INDEX audit_subjects_span_citizen ON audit_subjects (` + auditSpanExpr + `, citizen_id, seq)`},
		auditFileStep{q: `PRAGMA user_version = ` + strconv.Itoa(auditFileVersion)})
}

// auditFileStep is one statement of an audit file's upgrade.
type auditFileStep struct {
	q    string
	args []any
}

// upgradeAuditFile runs an upgrade's statements, its new user_version
// among them, in one transaction: a file is at one version or the next.
func upgradeAuditFile(ctx context.Context, conn *sql.Conn, what string, steps ...auditFileStep) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	return tx.Commit()
}

// checkAuditRegister refuses an audit file written for another register.
func checkAuditRegister(ctx context.Context, conn *sql.Conn, registerID string) error {
	var id string
	if err := conn.QueryRowContext(ctx, `SELECT register_id FROM audit_register`).Scan(&id); err != nil {
		return fmt.Errorf("read the register it belongs to: %w", err)
	}
	if id != registerID {
		return fmt.Errorf("it belongs to another register (%s, this one is %s): move it away or restore the register it belongs to", id, registerID)
	}
	return nil
}

// AuditSQL is the handle of the audit chain's tables (the audit file on
// SQLite), for tests that tamper with the log as an attacker would.
func (d *DB) AuditSQL() *sql.DB { return d.chain.sql }

// AuditChainStats counts the chain's append transactions and the entries
// they stored since Open (AuditSyncs counts the fsyncs).
func (d *DB) AuditChainStats() (commits, entries int64) {
	return d.chain.commits.Load(), d.chain.records.Load()
}

func (c *auditChain) close() error {
	if c == nil || !c.own {
		return nil
	}
	c.appendMu.Lock()
	if c.appendConn != nil {
		c.appendConn.Close()
		c.appendConn = nil
	}
	c.appendMu.Unlock()
	c.closeWAL()
	jerr := c.journal.close()
	if err := c.sql.Close(); err != nil {
		return err
	}
	return jerr
}
