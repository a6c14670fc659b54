package sqlstore

import (
	"context"
	"path/filepath"
	"testing"

	"dancu/internal/audit"
)

// TestOnlyTheBackgroundMoverPauses moves spooled entries twice: under a
// context with a move pause (as the background mover's), which is called
// between the move's multi-row inserts, and under a plain one (as a
// reader's), which never pauses. Both moves put every entry on the chain.
func TestOnlyTheBackgroundMoverPauses(t *testing.T) {
	ctx := context.Background()
	db := openJournalDB(t, filepath.Join(t.TempDir(), "dancu.db"))
	defer db.Close()
	stopMover(db) // the test moves
	j := db.chain.journal
	spool := func(from, to int) {
		t.Helper()
		for i := from; i < to; i++ {
			if err := j.Spool([]audit.Entry{journalEntry(i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	onChain := func() int {
		t.Helper()
		var n int
		if err := db.chain.sql.QueryRow(`SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	tests := []struct {
		name       string
		ctx        func(pause func()) context.Context
		wantPauses int // at least
	}{
		{"background mover", func(pause func()) context.Context { return withMovePause(ctx, pause) }, 300 / 64},
		{"a reader's move", func(func()) context.Context { return ctx }, 0},
	}
	for i, tt := range tests {
		before := onChain()
		spool(i*300, (i+1)*300)
		pauses := 0
		if err := db.AuditLog().MoveIntents(tt.ctx(func() { pauses++ })); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := onChain() - before; got != 300 {
			t.Errorf("%s: %d entries moved onto the chain, want 300", tt.name, got)
		}
		if tt.wantPauses == 0 && pauses != 0 || pauses < tt.wantPauses {
			t.Errorf("%s: %d pauses, want %s %d", tt.name, pauses, map[bool]string{true: "exactly", false: "at least"}[tt.wantPauses == 0], tt.wantPauses)
		}
	}
}
