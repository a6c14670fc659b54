package sqlstore

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
)

func journalEntry(i int) audit.Entry {
	return audit.Entry{Time: time.Date(2026, 12, 6, 8, 0, 0, i, time.UTC), RequestID: fmt.Sprint("req-", i),
		UserID: "u1", Username: "xa.thanhsen", Role: "commune", Unit: "18073", Action: "citizen.read",
		Route: "GET /api/v1/citizens/by-number/{number}", CitizenIDs: []string{fmt.Sprint("c", i)}, Result: "ok"}.Normalize()
}

func openJournalDB(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), "sqlite:"+path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// crash closes db as a killed process leaves it: the mover stopped, the
// spooled entries not moved onto the chain.
func crash(t *testing.T, db *DB) {
	t.Helper()
	stopMover(db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// stopMover stops db's intent and journal mover; Close then moves nothing.
func stopMover(db *DB) {
	if db.stopIntents != nil {
		close(db.stopIntents)
		<-db.intentsDone
		db.stopIntents = nil
	}
}

// spoolThroughWriter records entries from..to-1 through an audit.Writer
// on db's journal and stops the mover first, so they stay spooled.
func spoolThroughWriter(t *testing.T, db *DB, from, to int) {
	t.Helper()
	ctx := context.Background()
	stopMover(db)
	sp := db.AuditLog().Spool()
	if sp == nil {
		t.Fatal("the register's first process has no audit journal")
	}
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	w, err := audit.NewWriter(ctx, audit.WriterConfig{Store: db.AuditLog(), Spool: sp, Signer: audit.NewSigner(key), CheckpointInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for i := from; i < to; i++ {
		if err := w.Record(ctx, journalEntry(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Close signs a checkpoint, whose chain transaction moves the spool:
	// leave the writer open, as a killed process does.
}

// chainRequests lists the request ids on the chain in order (moving what
// is pending first, as every reader of the log does).
func chainRequests(t *testing.T, db *DB) []string {
	t.Helper()
	recs, err := db.AuditLog().AuditRecords(context.Background(), 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.Entry.RequestID)
	}
	return ids
}

func wantRequests(from, to int) []string {
	var ids []string
	for i := from; i < to; i++ {
		ids = append(ids, fmt.Sprint("req-", i))
	}
	return ids
}

func TestAuditJournalEntriesSurviveACrashAndMoveOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dancu.db")
	db := openJournalDB(t, path)
	spoolThroughWriter(t, db, 0, 5)
	if n := len(db.chain.journal.toMove(100)); n != 5 {
		t.Fatalf("%d entries pending in the journal, want 5", n)
	}
	crash(t, db)

	st, err := os.Stat(AuditJournalPath(path))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, want 0600", st.Mode().Perm())
	}

	db = openJournalDB(t, path)
	if got := chainRequests(t, db); strings.Join(got, ",") != strings.Join(wantRequests(0, 5), ",") {
		t.Fatalf("chain after recovery %v, want %v", got, wantRequests(0, 5))
	}
	// Moved and marked: another crash and reopen moves nothing again.
	spoolThroughWriter(t, db, 5, 7)
	crash(t, db)
	db = openJournalDB(t, path)
	defer db.Close()
	if got := chainRequests(t, db); strings.Join(got, ",") != strings.Join(wantRequests(0, 7), ",") {
		t.Fatalf("chain after the second recovery %v, want %v", got, wantRequests(0, 7))
	}
	rep, err := audit.Verify(context.Background(), db.AuditLog(), nil)
	if err != nil || rep.Problem != nil {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

func TestAuditJournalRewindsOnlyOverEntriesDurableOnTheChain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dancu.db")
	db := openJournalDB(t, path)
	stopMover(db) // the test moves
	j := db.chain.journal
	n := 0
	for j.off < journalRewindAt {
		if err := j.Spool([]audit.Entry{journalEntry(n)}); err != nil {
			t.Fatal(err)
		}
		n++
	}
	// Past the rewind mark but not on the chain: the next entry goes on.
	end := j.off
	if err := j.Spool([]audit.Entry{journalEntry(n)}); err != nil {
		t.Fatal(err)
	}
	n++
	if j.off <= end {
		t.Fatalf("the journal rewound (offset %d) over entries not yet on the chain", j.off)
	}
	if err := db.AuditLog().MoveIntents(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := j.Spool([]audit.Entry{journalEntry(n)}); err != nil {
		t.Fatal(err)
	}
	n++
	if j.off >= end {
		t.Fatalf("the journal did not rewind once everything was on the chain (offset %d)", j.off)
	}
	if err := j.SyncSpool(); err != nil {
		t.Fatal(err)
	}
	// The records after the rewound one are older ones, all moved: only
	// the last entry is recovered.
	crash(t, db)
	db = openJournalDB(t, path)
	defer db.Close()
	if got := chainRequests(t, db); strings.Join(got, ",") != strings.Join(wantRequests(0, n), ",") {
		t.Fatalf("chain after the rewind and a crash has %d entries, want %d", len(got), n)
	}
}

func TestAuditJournalIsHeldByOneProcessAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dancu.db")
	first := openJournalDB(t, path)
	second := openJournalDB(t, path)
	if first.AuditLog().Spool() == nil {
		t.Fatal("the first opener has no journal")
	}
	if second.AuditLog().Spool() != nil {
		t.Fatal("a second opener also spools to the journal")
	}
	// The second one appends to the chain directly, and the chain stays one.
	spoolThroughWriter(t, first, 0, 2)
	if err := second.AuditLog().AppendAudit(context.Background(), func(h audit.Head) (audit.Batch, error) {
		return audit.Batch{Records: audit.Chain(h.Seq, h.Hash, []audit.Entry{journalEntry(2)})}, nil
	}); err != nil {
		t.Fatal(err)
	}
	second.Close()
	if err := first.AuditLog().MoveIntents(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := chainRequests(t, first); len(got) != 3 {
		t.Fatalf("chain %v, want three entries", got)
	}
	if rep, err := audit.Verify(context.Background(), first.AuditLog(), nil); err != nil || rep.Problem != nil {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
	first.Close()
	third := openJournalDB(t, path)
	defer third.Close()
	if third.AuditLog().Spool() == nil {
		t.Fatal("the journal was not released when its holder closed")
	}
}

func TestAuditJournalOfAnotherRegisterIsRefused(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	openJournalDB(t, a).Close()
	openJournalDB(t, b).Close()
	data, err := os.ReadFile(AuditJournalPath(a))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(AuditJournalPath(b), data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), "sqlite:"+b, Options{})
	if err == nil || !strings.Contains(err.Error(), "another register") {
		t.Fatalf("opening beside another register's journal: %v", err)
	}
}

// journalBytes lays out records (jseq, entry) after a header, as Spool does.
func journalBytes(records ...journalRecord) []byte {
	data := journalHeader("r")
	for _, r := range records {
		start := len(data)
		data = binary.LittleEndian.AppendUint32(data, uint32(len(r.entry)))
		data = binary.LittleEndian.AppendUint32(data, 0)
		data = binary.LittleEndian.AppendUint64(data, uint64(r.jseq))
		data = append(data, r.entry...)
		sum := crc32.Checksum(data[start+8:], journalCRC)
		binary.LittleEndian.PutUint32(data[start+4:], sum)
	}
	return data
}

func TestScanJournal(t *testing.T) {
	rec := func(jseq int64) journalRecord {
		return journalRecord{jseq: jseq, entry: []byte(fmt.Sprint("entry ", jseq))}
	}
	torn := journalBytes(rec(7), rec(8), rec(9))
	torn[len(torn)-1] ^= 0xff // the last record's write did not complete
	for _, tc := range []struct {
		name     string
		data     []byte
		moved    int64
		last     int64
		pending  []int64
		restZero bool
	}{
		{name: "empty", data: append(journalHeader("r"), make([]byte, 100)...), moved: 0, last: 0},
		{name: "all pending", data: journalBytes(rec(1), rec(2), rec(3)), moved: 0, last: 3, pending: []int64{1, 2, 3}},
		{name: "some moved", data: journalBytes(rec(1), rec(2), rec(3)), moved: 2, last: 3, pending: []int64{3}},
		{name: "torn tail", data: torn, moved: 6, last: 8, pending: []int64{7, 8}},
		// Rewound at 10 (all moved): new records 11, 12 over older 4, 5, 6.
		{name: "rewound over older records", data: append(journalBytes(rec(11), rec(12)), journalBytes(rec(6))[journalHeaderSize:]...), moved: 10, last: 12, pending: []int64{11, 12}},
		{name: "garbage length", data: append(journalHeader("r"), 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0), moved: 0, last: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, last, pending := scanJournal(tc.data, tc.moved)
			if last != tc.last {
				t.Errorf("last jseq %d, want %d", last, tc.last)
			}
			var got []int64
			for _, p := range pending {
				got = append(got, p.jseq)
				if want := fmt.Sprint("entry ", p.jseq); string(p.entry) != want {
					t.Errorf("entry %d reads %q", p.jseq, p.entry)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.pending) {
				t.Errorf("pending %v, want %v", got, tc.pending)
			}
		})
	}
}

func FuzzScanJournal(f *testing.F) {
	f.Add(journalBytes(journalRecord{1, []byte("a")}, journalRecord{2, []byte("bc")}), int64(0))
	f.Fuzz(func(t *testing.T, data []byte, moved int64) {
		data = append(journalHeader("r"), data...)
		end, last, pending := scanJournal(data, moved)
		if end < journalHeaderSize || end > int64(len(data)) {
			t.Fatalf("end %d outside the data (%d bytes)", end, len(data))
		}
		for i, p := range pending {
			if p.jseq <= moved || p.jseq > last || (i > 0 && p.jseq != pending[i-1].jseq+1) {
				t.Fatalf("pending %d out of order (moved %d, last %d)", p.jseq, moved, last)
			}
		}
	})
}

func TestAuditJournalMovesItsBacklogBeforeGrowingPastItsBound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dancu.db")
	db := openJournalDB(t, path)
	defer db.Close()
	stopMover(db) // a mover that has fallen behind
	j := db.chain.journal
	j.maxPending = 3
	for i := range 3 {
		if err := j.Spool([]audit.Entry{journalEntry(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if n := j.backlog(); n != 3 {
		t.Fatalf("backlog %d, want 3", n)
	}
	// The fourth entry finds the bound reached: the backlog moves first.
	if err := j.Spool([]audit.Entry{journalEntry(3)}); err != nil {
		t.Fatal(err)
	}
	if n := j.backlog(); n != 1 {
		t.Fatalf("backlog %d after the bound was reached, want 1", n)
	}
	if got := chainRequests(t, db); strings.Join(got, ",") != strings.Join(wantRequests(0, 4), ",") {
		t.Fatalf("chain %v", got)
	}

	// A chain that refuses the backlog refuses the disclosure.
	j.maxPending = 1
	j.drain = func() error { return fmt.Errorf("database is locked") }
	if err := j.Spool([]audit.Entry{journalEntry(4)}); err != nil {
		t.Fatal(err)
	}
	err := j.Spool([]audit.Entry{journalEntry(5)})
	if err == nil || !strings.Contains(err.Error(), "does not take them") {
		t.Fatalf("spool past the bound with a refusing chain: %v", err)
	}
}

func TestAuditJournalLargerThanItGrowsIsRefusedUnread(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dancu.db")
	openJournalDB(t, path).Close()
	// A sparse file: the size check must come before any read.
	if err := os.Truncate(AuditJournalPath(path), journalMaxFileBytes+1); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), "sqlite:"+path, Options{})
	if err == nil || !strings.Contains(err.Error(), "more than a journal grows to") {
		t.Fatalf("opening beside a %d-byte journal: %v", journalMaxFileBytes+1, err)
	}
	if _, err := AuditJournalBacklog(context.Background(), path); err == nil {
		t.Fatal("AuditJournalBacklog read an oversized journal")
	}
}
