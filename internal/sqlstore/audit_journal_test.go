package sqlstore

import (
	"bytes"
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
	for j.regions.off < journalRewindAt {
		if err := j.Spool([]audit.Entry{journalEntry(n)}); err != nil {
			t.Fatal(err)
		}
		n++
	}
	// Past the rewind mark but not on the chain: the next entry goes on.
	end := j.regions.off
	if err := j.Spool([]audit.Entry{journalEntry(n)}); err != nil {
		t.Fatal(err)
	}
	n++
	if j.regions.off <= end {
		t.Fatalf("the journal rewound (offset %d) over entries not yet on the chain", j.regions.off)
	}
	if err := db.AuditLog().MoveIntents(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := j.Spool([]audit.Entry{journalEntry(n)}); err != nil {
		t.Fatal(err)
	}
	n++
	if j.regions.off >= end {
		t.Fatalf("the journal did not rewind once everything was on the chain (offset %d)", j.regions.off)
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

// testRegionB is where region B starts in the scan tests' small files.
const testRegionB = 1024

// regionBytes lays out a journal whose region A holds a and region B,
// from testRegionB, holds b.
func regionBytes(a, b []byte) []byte {
	data := append(journalHeader("r"), a...)
	data = append(data, make([]byte, testRegionB-len(data))...)
	return append(data, b...)
}

// records encodes journal records, without a header.
func records(recs ...journalRecord) []byte {
	return journalBytes(recs...)[journalHeaderSize:]
}

func TestScanJournal(t *testing.T) {
	rec := func(jseq int64) journalRecord {
		return journalRecord{jseq: jseq, entry: []byte(fmt.Sprint("entry ", jseq))}
	}
	torn := records(rec(7), rec(8), rec(9))
	torn[len(torn)-1] ^= 0xff // the last record's write did not complete
	for _, tc := range []struct {
		name    string
		data    []byte
		moved   int64
		last    int64
		pending []int64
		cur     int
	}{
		{name: "empty", data: regionBytes(nil, make([]byte, 100)), moved: 0, last: 0},
		{name: "all pending in A", data: regionBytes(records(rec(1), rec(2), rec(3)), nil), moved: 0, last: 3, pending: []int64{1, 2, 3}},
		{name: "some moved", data: regionBytes(records(rec(1), rec(2), rec(3)), nil), moved: 2, last: 3, pending: []int64{3}},
		{name: "torn tail", data: regionBytes(torn, nil), moved: 6, last: 8, pending: []int64{7, 8}},
		// A rewritten at 10 (all moved): new records 11, 12 over older 4, 5, 6.
		{name: "rewritten over older records", data: regionBytes(append(records(rec(11), rec(12)), records(rec(6))...), nil), moved: 10, last: 12, pending: []int64{11, 12}},
		{name: "garbage length", data: regionBytes([]byte{0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, nil), moved: 0, last: 0},
		// A filled up to 3; the writer turned to B.
		{name: "pending in both regions", data: regionBytes(records(rec(2), rec(3)), records(rec(4), rec(5))), moved: 1, last: 5, pending: []int64{2, 3, 4, 5}, cur: journalRegionB},
		// B's 4, 5 still pending when the writer turned back to A, which
		// was free (through 3): A's new run 6, 7 over its older 2, 3.
		{name: "back in A after B", data: regionBytes(append(records(rec(6), rec(7)), records(rec(3))...), records(rec(4), rec(5))), moved: 3, last: 7, pending: []int64{4, 5, 6, 7}, cur: journalRegionA},
		// A full while B still held 4, 5: the writer went on after B's run.
		{name: "after B's run", data: regionBytes(records(rec(6), rec(7)), records(rec(4), rec(5), rec(8))), moved: 3, last: 8, pending: []int64{4, 5, 6, 7, 8}, cur: journalRegionB},
		// A record may not cross into region B.
		{name: "record crossing into B", data: journalBytes(journalRecord{jseq: 1, entry: bytes.Repeat([]byte("x"), testRegionB)}), moved: 0, last: 0},
		// A gap is damage: nothing after it was acknowledged alone.
		{name: "gap", data: regionBytes(records(rec(2), rec(3)), records(rec(5), rec(6))), moved: 1, last: 6, pending: []int64{2, 3}, cur: journalRegionA},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scanRegions(tc.data, testRegionB, tc.moved)
			if s.last != tc.last {
				t.Errorf("last jseq %d, want %d", s.last, tc.last)
			}
			var got []int64
			for _, p := range s.pending {
				got = append(got, p.jseq)
				if want := fmt.Sprint("entry ", p.jseq); string(p.entry) != want {
					t.Errorf("entry %d reads %q", p.jseq, p.entry)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.pending) {
				t.Errorf("pending %v, want %v", got, tc.pending)
			}
			if len(tc.pending) > 0 && (s.regions.cur != tc.cur || s.regions.off != s.regions.end[tc.cur]) {
				t.Errorf("writer in region %d at %d, want region %d at its run's end %d", s.regions.cur, s.regions.off, tc.cur, s.regions.end[tc.cur])
			}
			if len(tc.pending) == 0 && (s.regions.cur != journalRegionA || s.regions.off != journalHeaderSize) {
				t.Errorf("nothing pending, writer in region %d at %d, want A's start", s.regions.cur, s.regions.off)
			}
		})
	}
}

func FuzzScanJournal(f *testing.F) {
	f.Add(records(journalRecord{1, []byte("a")}, journalRecord{2, []byte("bc")}), records(journalRecord{3, []byte("d")}), int64(0))
	f.Fuzz(func(t *testing.T, a, b []byte, moved int64) {
		if len(a) > testRegionB-journalHeaderSize {
			a = a[:testRegionB-journalHeaderSize]
		}
		data := regionBytes(a, b)
		s := scanRegions(data, testRegionB, moved)
		if s.regions.end[journalRegionA] > testRegionB || s.regions.end[journalRegionB] > int64(len(data)) {
			t.Fatalf("runs end at %v, outside their regions (%d bytes)", s.regions.end, len(data))
		}
		for i, p := range s.pending {
			if p.jseq <= moved || p.jseq > s.last || (i > 0 && p.jseq != s.pending[i-1].jseq+1) {
				t.Fatalf("pending %d out of order (moved %d, last %d)", p.jseq, moved, s.last)
			}
		}
	})
}

func TestJournalRegionsPlace(t *testing.T) {
	const (
		a, b  = journalRegionA, journalRegionB
		bEnd  = journalRegionBStart + journalRegionSize
		small = 500
	)
	for _, tc := range []struct {
		name          string
		g             journalRegions
		n             int64
		durable, next int64
		cur           int
		off           int64
		turned        bool
	}{
		{name: "room in A", g: journalRegions{cur: a, off: 2000, end: [2]int64{2000, journalRegionBStart}, last: [2]int64{40, 0}}, n: small, durable: 10, next: 41, cur: a, off: 2000},
		{name: "all durable, past the rewind mark of A", g: journalRegions{cur: a, off: journalRewindAt + 10, end: [2]int64{journalRewindAt + 10, journalRegionBStart}, last: [2]int64{40, 0}}, n: small, durable: 40, next: 41, cur: a, off: journalHeaderSize},
		{name: "all durable, before the rewind mark of A", g: journalRegions{cur: a, off: 2000, end: [2]int64{2000, journalRegionBStart}, last: [2]int64{40, 0}}, n: small, durable: 40, next: 41, cur: a, off: 2000},
		{name: "all durable, in B", g: journalRegions{cur: b, off: journalRegionBStart + 100, end: [2]int64{5000, journalRegionBStart + 100}, last: [2]int64{30, 40}}, n: small, durable: 40, next: 41, cur: a, off: journalHeaderSize},
		{name: "A full, B free", g: journalRegions{cur: a, off: journalRegionBStart - 100, end: [2]int64{journalRegionBStart - 100, journalRegionBStart + 900}, last: [2]int64{40, 20}}, n: small, durable: 20, next: 41, cur: b, off: journalRegionBStart, turned: true},
		{name: "A full, B pending: after B's run", g: journalRegions{cur: a, off: journalRegionBStart - 100, end: [2]int64{journalRegionBStart - 100, journalRegionBStart + 900}, last: [2]int64{40, 20}}, n: small, durable: 19, next: 41, cur: b, off: journalRegionBStart + 900, turned: true},
		{name: "B written to its size, A free", g: journalRegions{cur: b, off: bEnd, end: [2]int64{3000, bEnd}, last: [2]int64{20, 40}}, n: small, durable: 20, next: 41, cur: a, off: journalHeaderSize, turned: true},
		{name: "B written to its size, A pending: B grows", g: journalRegions{cur: b, off: bEnd, end: [2]int64{3000, bEnd}, last: [2]int64{20, 40}}, n: small, durable: 19, next: 41, cur: b, off: bEnd},
		{name: "B full to its size with this batch, A free", g: journalRegions{cur: b, off: bEnd - 1, end: [2]int64{3000, bEnd - 1}, last: [2]int64{20, 40}}, n: small, durable: 20, next: 41, cur: a, off: journalHeaderSize, turned: true},
		{name: "room in B", g: journalRegions{cur: b, off: bEnd - small, end: [2]int64{3000, bEnd - small}, last: [2]int64{20, 40}}, n: small, durable: 20, next: 41, cur: b, off: bEnd - small},
		{name: "a batch larger than A goes to B", g: journalRegions{cur: a, off: journalHeaderSize, end: [2]int64{journalHeaderSize, journalRegionBStart}}, n: journalRegionBStart, durable: 40, next: 41, cur: b, off: journalRegionBStart, turned: true},
		{name: "a batch larger than A stays in B", g: journalRegions{cur: b, off: bEnd, end: [2]int64{3000, bEnd}, last: [2]int64{20, 40}}, n: journalRegionBStart, durable: 40, next: 41, cur: b, off: bEnd},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.g
			turned := g.place(tc.n, tc.durable, tc.next)
			if g.cur != tc.cur || g.off != tc.off || turned != tc.turned {
				t.Fatalf("placed in region %d at %d (turned %v), want region %d at %d (turned %v)", g.cur, g.off, turned, tc.cur, tc.off, tc.turned)
			}
			// Never over a record the chain does not hold durably.
			if g.cur == journalRegionA && g.off+tc.n > journalRegionBStart {
				t.Fatalf("a write at %d of %d bytes crosses into region B", g.off, tc.n)
			}
			if g.off < tc.g.end[g.cur] && tc.g.last[g.cur] > tc.durable {
				t.Fatalf("a write at %d in region %d, whose run holds jseq %d, above durable %d", g.off, g.cur, tc.g.last[g.cur], tc.durable)
			}
		})
	}
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

// spoolBatches spools entries from n in batches of 100 until done says
// stop, and returns the next entry's number.
func spoolBatches(t *testing.T, j *auditJournal, n int, done func() bool) int {
	t.Helper()
	for from := n; !done(); {
		if n-from > 500_000 {
			t.Fatalf("%d entries spooled and the journal did not get where the test expects (region %d at %d)", n-from, j.regions.cur, j.regions.off)
		}
		batch := make([]audit.Entry, 100)
		for i := range batch {
			batch[i] = journalEntry(n)
			n++
		}
		if err := j.Spool(batch); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func journalSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(AuditJournalPath(path))
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// Under steady load the journal turns between its regions and keeps its
// size: nothing it holds is ever everything on the chain at once.
func TestAuditJournalTurnsBetweenRegionsWithoutGrowing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dancu.db")
	db := openJournalDB(t, path)
	stopMover(db) // the test moves, one chain transaction at a time
	j := db.chain.journal
	moveOnce := func() {
		t.Helper()
		if _, err := db.appendChainRetrying(ctx, func(audit.Head) (audit.Batch, error) { return audit.Batch{}, nil }, true); err != nil {
			t.Fatal(err)
		}
		if err := db.AuditLog().SyncAudit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	inA := func() bool { return j.regions.cur == journalRegionA }
	inB := func() bool { return j.regions.cur == journalRegionB }

	// Region A fills with entries not yet on the chain: the writer turns
	// to B, and a little goes there.
	n := spoolBatches(t, j, 0, inB)
	n = spoolBatches(t, j, n, func() bool { return j.next-1-j.regions.last[journalRegionA] > journalMoveBatch })
	// The chain takes A's entries, not all of B's.
	for j.regions.last[journalRegionA] > j.durable {
		moveOnce()
	}
	if j.regions.last[journalRegionB] <= j.durable {
		t.Fatalf("the moves took all of region B too (durable %d): fill more of it", j.durable)
	}
	// B is written to its size, then the writer turns back to A, free.
	n = spoolBatches(t, j, n, inA)
	if size := journalSize(t, path); size != journalInitialSize {
		t.Fatalf("the journal grew to %d bytes under steady load, want %d", size, journalInitialSize)
	}
	// A fills again while B still holds entries not on the chain: the
	// writer goes on after B's run, and the file grows.
	n = spoolBatches(t, j, n, inB)
	if j.regions.off != j.regions.end[journalRegionB] || j.regions.off < journalRegionBStart+journalRegionSize {
		t.Fatalf("the writer went to %d in region B, not after its run", j.regions.off)
	}
	n = spoolBatches(t, j, n, func() bool { return j.regions.off > journalInitialSize+1000 })
	if err := j.SyncSpool(); err != nil {
		t.Fatal(err)
	}

	// A crash now leaves entries to recover from both regions.
	crash(t, db)
	db = openJournalDB(t, path)
	defer db.Close()
	if got := chainRequests(t, db); strings.Join(got, ",") != strings.Join(wantRequests(0, n), ",") {
		t.Fatalf("chain after the crash has %d entries, want the %d spooled, in order", len(got), n)
	}
	rep, err := audit.Verify(ctx, db.AuditLog(), nil)
	if err != nil || rep.Problem != nil {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

// A journal of the first layout (one run from the header) is rewritten
// as two regions when the register opens, its entries kept.
func TestAuditJournalOfTheFirstLayoutIsUpgraded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dancu.db")
	openJournalDB(t, path).Close()
	jpath := AuditJournalPath(path)
	cur, err := os.ReadFile(jpath)
	if err != nil {
		t.Fatal(err)
	}
	// The first layout: magic 1, the same register, records from the header.
	old := append([]byte(journalMagicV1), cur[len(journalMagic):journalHeaderSize]...)
	for i := range 3 {
		old = appendJournalRecord(old, int64(i+1), audit.Canonical(journalEntry(i)))
	}
	old = append(old, make([]byte, 4<<20-len(old))...)
	if err := os.WriteFile(jpath, old, 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := AuditJournalBacklog(context.Background(), path); err != nil || n != 3 {
		t.Fatalf("backlog of the first layout: %d, %v; want 3", n, err)
	}

	db := openJournalDB(t, path)
	defer db.Close()
	if got := chainRequests(t, db); strings.Join(got, ",") != strings.Join(wantRequests(0, 3), ",") {
		t.Fatalf("chain after the upgrade %v, want %v", got, wantRequests(0, 3))
	}
	data, err := os.ReadFile(jpath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte(journalMagic)) || len(data) != journalInitialSize {
		t.Fatalf("journal after the upgrade: %q…, %d bytes", data[:len(journalMagic)], len(data))
	}
	if st, err := os.Stat(jpath); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("journal after the upgrade: %v, %v", st.Mode(), err)
	}
	if _, err := os.Stat(jpath + ".upgrade"); !os.IsNotExist(err) {
		t.Fatalf("the upgrade left its temporary file: %v", err)
	}
	// The upgraded journal is the one in use: it takes new entries.
	spoolThroughWriter(t, db, 3, 5)
	if n := len(db.chain.journal.toMove(100)); n != 2 {
		t.Fatalf("%d entries pending after two spooled, want 2", n)
	}
}
