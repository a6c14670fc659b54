package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dancu/internal/audit"
)

// The audit journal is the spool of reads' audit entries on SQLite
// (audit.Spool): NAME.audit.journal beside NAME.audit.db, 0600. A read's
// response waits for its entry's append to this flat file and one
// fdatasync shared by every read of the batch; the mover then puts the
// entries on the chain in large transactions (audit_intents.go), as it
// does a change's intents. A chain transaction per batch of reads wrote
// the last leaves of the log, its three indexes and the citizens' index
// to the WAL, 15 pwrites and 6 lock calls for a single-entry batch, and
// was 40 % of an audited point read's CPU (pprof, stop 24).
//
// Layout: a 64-byte header (magic and the register's id, so a journal is
// never replayed into another register's chain), then records:
//
//	u32 length of the entry | u32 CRC-32C of jseq and entry | u64 jseq | entry
//
// The entry is its canonical encoding (audit.Canonical). jseq numbers the
// journal's entries from 1, never reused; the chain's file records the
// highest jseq it holds (audit_journal_moved) in the same transaction as
// the entries, so a move is never repeated.
//
// The file holds two regions, written in turn (audit_journal_regions.go),
// so that its blocks are allocated once and overwritten: the fdatasync
// then writes data only, no metadata. Recovery reads each region's run of
// records from its start whose jseq rise; the first record that fails its
// CRC (a torn write, never acknowledged) or does not rise (an older
// record from before the region was last rewritten, already on the chain)
// ends it.
//
// One process spools at a time (an exclusive flock); another process that
// opens the register appends its entries to the chain directly.
type auditJournal struct {
	path  string
	f     *os.File
	nudge func() // wakes the mover
	// drain moves pending entries onto the chain now; maxPending is how
	// many may wait before Spool calls it (journalMaxPending).
	drain      func() error
	maxPending int

	mu      sync.Mutex
	regions journalRegions // where the next record goes
	next    int64          // jseq of the next entry
	pending []journalRecord
	buf     []byte
	// committed is the highest jseq a chain transaction holds; durable
	// the highest one known to be synced there, up to which the file may
	// be rewound.
	committed, durable int64

	syncMu  sync.Mutex
	syncErr error

	entries, syncs atomic.Int64
	// syncTimes counts fdatasyncs by how long they took (AuditJournalSyncBounds):
	// one slow sync holds every disclosure that arrives meanwhile.
	syncTimes [len(AuditJournalSyncBounds) + 1]atomic.Int64
}

// AuditJournalSyncBounds are the upper bounds of the journal's sync-time
// buckets (AuditJournalSyncTimes); the last bucket counts the syncs slower
// than all of them.
var AuditJournalSyncBounds = [...]time.Duration{time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond}

type journalRecord struct {
	jseq  int64
	entry []byte
}

const (
	journalHeaderSize = 64
	journalRecordHead = 16
	// journalMagic heads a journal of two regions; journalMagicV1 one
	// written as a single run from the header, which openAuditJournal
	// rewrites (upgradeJournal).
	journalMagic   = "dancu audit journal 2\n"
	journalMagicV1 = "dancu audit journal 1\n"
	// journalMaxEntry bounds one entry's encoding (a match batch names
	// many citizens); a longer length field is damage, not an entry.
	journalMaxEntry = 16 << 20
	// journalNudgeAt pending entries wake the mover before its poll.
	journalNudgeAt = 8192
	// journalMaxPending entries waiting for the chain make Spool move them
	// itself first: the mover has fallen behind or the chain refuses them,
	// and neither the process's memory nor the file may grow without
	// bound (~70 MB of entries at this count).
	journalMaxPending = 200_000
	// journalMaxFileBytes bounds the file opened: journalMaxPending
	// entries of a few hundred bytes need a small part of it.
	journalMaxFileBytes = 1 << 30
	// journalMoveBatch bounds the entries one chain transaction moves.
	journalMoveBatch = 4096
)

var journalCRC = crc32.MakeTable(crc32.Castagnoli)

// errJournalBusy: another process holds the journal.
var errJournalBusy = errors.New("audit journal: held by another process")

// AuditJournalPath is where the audit journal of the SQLite database at
// path lives: NAME.audit.journal beside NAME.db (not NAME.audit.db-journal,
// which SQLite would take for its own rollback journal).
func AuditJournalPath(path string) string {
	return strings.TrimSuffix(path, ".db") + ".audit.journal"
}

// openAuditJournal opens (creating) the journal at path for register
// registerID, takes its lock, and reads the entries the chain does not
// hold yet (movedThrough is the chain's mark, durable). It returns
// errJournalBusy when another process holds it.
func openAuditJournal(path, registerID string, movedThrough int64, nudge func(), drain func() error) (*auditJournal, error) {
	f, created, err := createJournalFile(path, registerID)
	if err != nil {
		return nil, err
	}
	if err := lockJournal(f); err != nil {
		f.Close()
		return nil, err
	}
	j := &auditJournal{path: path, f: f, nudge: nudge, drain: drain, maxPending: journalMaxPending, committed: movedThrough, durable: movedThrough}
	if created {
		j.next, j.regions = movedThrough+1, freshRegions()
		return j, nil
	}
	data, err := readJournal(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("audit journal %s: %w", path, err)
	}
	version, err := checkJournalHeader(data, registerID)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("audit journal %s: %w", path, err)
	}
	if version == 1 {
		if f, data, err = upgradeJournal(f, path, registerID, data, movedThrough); err != nil {
			return nil, fmt.Errorf("audit journal %s: %w", path, err)
		}
		j.f = f
	}
	scan := scanJournal(data, movedThrough)
	j.pending, j.regions = scan.pending, scan.regions
	j.next = max(movedThrough, scan.last) + 1
	return j, nil
}

// createJournalFile opens path, creating it zero-filled with its header
// (0600, synced with its directory) when it does not exist.
func createJournalFile(path, registerID string) (*os.File, bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		if f, err = os.OpenFile(path, os.O_RDWR, 0); err != nil {
			return nil, false, fmt.Errorf("audit journal %s: open: %w", path, err)
		}
		if st, err := f.Stat(); err == nil && st.Mode().Perm()&0o077 != 0 {
			if err := f.Chmod(0o600); err != nil {
				f.Close()
				return nil, false, fmt.Errorf("audit journal %s is readable by other accounts and cannot be narrowed: %w", path, err)
			}
		}
		return f, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("audit journal %s: create: %w", path, err)
	}
	fail := func(err error) (*os.File, bool, error) {
		f.Close()
		os.Remove(path)
		return nil, false, fmt.Errorf("audit journal %s: create: %w", path, err)
	}
	if err := f.Chmod(0o600); err != nil { // explicit: whatever the umask
		return fail(err)
	}
	data := make([]byte, journalInitialSize)
	copy(data, journalHeader(registerID))
	if _, err := f.WriteAt(data, 0); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := syncDir(path); err != nil {
		return fail(err)
	}
	return f, true, nil
}

// readJournal reads a whole journal file, after checking its size: its
// two regions take its first 8 MiB, and region B grows past them only
// while the chain lags (by at most journalMaxPending entries), so a file
// above journalMaxFileBytes is damage, and is not read into memory.
func readJournal(f *os.File) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if st.Size() > journalMaxFileBytes {
		return nil, fmt.Errorf("%d bytes, more than a journal grows to (%d): move it away", st.Size(), int64(journalMaxFileBytes))
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return data, nil
}

func journalHeader(registerID string) []byte {
	h := make([]byte, journalHeaderSize)
	copy(h, journalMagic)
	copy(h[len(journalMagic):], registerID)
	return h
}

// checkJournalHeader checks that data is a journal of register
// registerID, and returns its layout's version (1: one run; 2: two
// regions).
func checkJournalHeader(data []byte, registerID string) (int, error) {
	version := 0
	switch {
	case len(data) < journalHeaderSize:
	case bytes.HasPrefix(data, []byte(journalMagic)):
		version = 2
	case bytes.HasPrefix(data, []byte(journalMagicV1)):
		version = 1
	}
	if version == 0 {
		return 0, errors.New("not an audit journal (bad header): move it away")
	}
	id := string(bytes.TrimRight(data[len(journalMagic):journalHeaderSize], "\x00"))
	if id != registerID {
		return 0, fmt.Errorf("it belongs to another register (%s, this one is %s): move it away or restore the register it belongs to", id, registerID)
	}
	return version, nil
}

// pendingIn returns the entries above movedThrough in a journal of
// either layout.
func pendingIn(data []byte, movedThrough int64) []journalRecord {
	if bytes.HasPrefix(data, []byte(journalMagicV1)) {
		_, _, pending := scanRun(data, journalHeaderSize, int64(len(data)), movedThrough)
		return pending
	}
	return scanJournal(data, movedThrough).pending
}

// Spool implements audit.Spool: it appends the entries without syncing.
// Past maxPending entries waiting for the chain it first moves them; if
// the chain refuses them, the disclosure is refused too.
func (j *auditJournal) Spool(entries []audit.Entry) error {
	if j.backlog() >= j.maxPending {
		if err := j.drain(); err != nil {
			return fmt.Errorf("audit journal: %d entries wait for the audit chain, which does not take them: %w", j.backlog(), err)
		}
		if n := j.backlog(); n >= j.maxPending {
			return fmt.Errorf("audit journal: %d entries still wait for the audit chain", n)
		}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	buf := j.buf[:0]
	recs := make([]journalRecord, len(entries))
	for i, e := range entries {
		c := audit.Canonical(e)
		if len(c) > journalMaxEntry {
			return fmt.Errorf("audit journal: an entry of %d bytes is over the %d-byte limit", len(c), journalMaxEntry)
		}
		jseq := j.next + int64(i)
		buf = appendJournalRecord(buf, jseq, c)
		recs[i] = journalRecord{jseq: jseq, entry: c}
	}
	if j.regions.place(int64(len(buf)), j.durable, j.next) {
		j.nudge()
	}
	if _, err := j.f.WriteAt(buf, j.regions.off); err != nil {
		return fmt.Errorf("audit journal: write: %w", err)
	}
	j.buf = buf
	j.next += int64(len(entries))
	j.regions.wrote(int64(len(buf)), j.next-1)
	j.pending = append(j.pending, recs...)
	j.entries.Add(int64(len(entries)))
	if len(j.pending) >= journalNudgeAt {
		j.nudge()
	}
	return nil
}

// SyncSpool implements audit.Spool. As for the chain's WAL, a failed sync
// fails every later one until a restart (audit_sync.go).
func (j *auditJournal) SyncSpool() error {
	j.syncMu.Lock()
	defer j.syncMu.Unlock()
	if j.syncErr != nil {
		return j.syncErr
	}
	start := time.Now()
	if err := dataSync(j.f); err != nil {
		j.syncErr = fmt.Errorf("audit journal: fdatasync of %s failed, restart the server: %w", j.path, err)
		return j.syncErr
	}
	took := time.Since(start)
	b := 0
	for b < len(AuditJournalSyncBounds) && took > AuditJournalSyncBounds[b] {
		b++
	}
	j.syncTimes[b].Add(1)
	j.syncs.Add(1)
	return nil
}

// toMove returns up to limit pending entries, oldest first; they stay
// pending until moved reports the chain's commit.
func (j *auditJournal) toMove(limit int) []journalRecord {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.pending[:min(limit, len(j.pending)):min(limit, len(j.pending))]
}

// backlog is how many entries wait for the chain.
func (j *auditJournal) backlog() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.pending)
}

// hasPending tells whether entries wait for the chain.
func (j *auditJournal) hasPending() bool {
	if j == nil {
		return false
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.pending) > 0
}

// moved records that a chain transaction holding the entries through
// jseq has committed.
func (j *auditJournal) moved(through int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	for n < len(j.pending) && j.pending[n].jseq <= through {
		n++
	}
	j.pending = append(j.pending[:0:0], j.pending[n:]...)
	j.committed = max(j.committed, through)
}

// committedThrough is the highest jseq the chain has committed.
func (j *auditJournal) committedThrough() int64 {
	if j == nil {
		return 0
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.committed
}

// synced records that the chain's commits through jseq are durable.
func (j *auditJournal) synced(through int64) {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.durable = max(j.durable, through)
}

func (j *auditJournal) close() error {
	if j == nil {
		return nil
	}
	return j.f.Close() // releases the lock
}

// syncDir makes a new file's directory entry durable.
func syncDir(path string) error {
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// AuditJournalBacklog counts the entries the audit journal of the SQLite
// register at path holds that its chain does not, without opening the
// register (the next Open moves them): how much a killed process left.
func AuditJournalBacklog(ctx context.Context, path string) (int, error) {
	f, err := os.Open(AuditJournalPath(path))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	data, err := readJournal(f)
	if err != nil {
		return 0, err
	}
	chain, err := sql.Open("sqlite", "file:"+AuditFilePath(path)+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer chain.Close()
	var through int64
	if err := chain.QueryRowContext(ctx, `SELECT through FROM audit_journal_moved`).Scan(&through); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("read the journal's mark: %w", err)
	}
	return len(pendingIn(data, through)), nil
}

// AuditJournalDir is the folder of the register's audit journal, or ""
// when reads' entries go to the chain directly (PostgreSQL, or another
// process holds the journal): `bench read` measures the durable floor of
// that folder's disk.
func (d *DB) AuditJournalDir() string {
	if d.chain == nil || d.chain.journal == nil {
		return ""
	}
	return filepath.Dir(d.chain.journal.path)
}
