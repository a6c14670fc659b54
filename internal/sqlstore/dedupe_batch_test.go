package sqlstore_test

import (
	"testing"
	"time"
)

// Two batches imported within the same second: the records of the second
// are exactly the citizens it created, though a one-second time window
// (what the check after an import used) also holds the first batch's.
func TestCitizenIDsOfBatchHoldsOnlyThatBatch(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		first, _, err := importCSV(t, e, goodBatch, false)
		if err != nil {
			t.Fatal(err)
		}
		second, _, err := importCSV(t, e, header+
			"R7,,Lê Văn Bình,1970-03-02,M,18073,H3,chủ hộ,\n"+
			"R8,,Lê Thị Cúc,1972,F,18073,H3,vợ,\n", false)
		if err != nil {
			t.Fatal(err)
		}
		window, err := e.db.Citizens().CitizenIDsChangedSince(ctx, e.clock.now().Add(-time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if len(window) != 6 {
			t.Fatalf("precondition: the one-second window holds %d citizens, want both batches' 6", len(window))
		}
		for _, c := range []struct {
			batch int64
			refs  []string
		}{{first.ID, []string{"R1", "R2", "R3", "R4"}}, {second.ID, []string{"R7", "R8"}}} {
			ids, err := e.db.Citizens().CitizenIDsOfBatch(ctx, c.batch)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for _, ref := range c.refs {
				var id string
				if err := e.db.SQL().QueryRowContext(ctx, `SELECT id FROM citizens WHERE record_ref = $1`, ref).Scan(&id); err != nil {
					t.Fatalf("%s: %v", ref, err)
				}
				want[id] = true
			}
			if len(ids) != len(want) {
				t.Errorf("batch %d: %d citizens, want %d (%v)", c.batch, len(ids), len(want), c.refs)
			}
			for id := range want {
				if !ids[id] {
					t.Errorf("batch %d: citizen %s missing", c.batch, id)
				}
			}
		}
	})
}
