package sqlstore_test

import (
	"dancu/internal/wire"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/dedupe"
	"dancu/internal/merge"
	"dancu/internal/registry"
)

// hanoiPair creates two records of one person in Hà Nội (commune 01001).
func hanoiPair(t *testing.T, e engine) (registry.Citizen, registry.Citizen) {
	t.Helper()
	var out [2]registry.Citizen
	for i, number := range []string{"001085000111", "001085000112"} {
		c := sampleCitizen()
		c.ID, c.IDNumber, c.OldIDNumber, c.HouseholdRef, c.Father = newID(), number, "", "", registry.PersonRef{}
		c.Permanent = registry.Residence{Commune: "01001", Province: "01"}
		var err error
		if out[i], err = wire.Register(e.db).Create(ctx, c, officer); err != nil {
			t.Fatal(err)
		}
	}
	return out[0], out[1]
}

// TestReviewQueueUsesCurrentUnits: the queue is selected by the records'
// current residence, not the one filed with the pair, so a record that
// moves takes its pairs out of the old commune's queue.
func TestReviewQueueUsesCurrentUnits(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		a, b := twoRecords(t, e)
		if _, err := e.db.Review().SaveCandidates(ctx, "run-1", []merge.Candidate{{LeftID: a.ID, RightID: b.ID, Score: 30, Decision: "match",
			LeftUnit: "18073", RightUnit: "18073", LeftProvince: "42", RightProvince: "42"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := wire.Register(e.db).Update(ctx, b.ID, b.Version, func(c *registry.Citizen) error {
			c.Permanent = registry.Residence{Commune: "18100", Province: "42", Address: "Tổ 5"}
			return nil
		}, officer); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			unit string
			want int
		}{{"18073", 0}, {"18100", 0}, {"42", 1}, {"", 1}} {
			items, _, err := e.db.Review().Candidates(ctx, merge.Query{Unit: tt.unit, Limit: 10})
			if err != nil || len(items) != tt.want {
				t.Errorf("unit %q after the move: %d pairs, %v; want %d", tt.unit, len(items), err, tt.want)
			}
		}
		items, _, _ := e.db.Review().Candidates(ctx, merge.Query{Limit: 1})
		got, err := e.db.Review().Candidate(ctx, items[0].ID)
		if err != nil || got.LeftUnit != "18073" || got.RightUnit != "18100" || items[0].RightUnit != "18100" {
			t.Errorf("pair units = %s/%s (list %s), %v; want the current 18073/18100", got.LeftUnit, got.RightUnit, items[0].RightUnit, err)
		}
	})
}

func TestReviewQueue(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		a, b := twoRecords(t, e)
		c := merge.Candidate{LeftID: a.ID, RightID: b.ID, LeftRef: a.RecordRef, RightRef: b.RecordRef, Score: 30, Decision: "match",
			LeftUnit: "18073", RightUnit: "18073", LeftProvince: "42", RightProvince: "42"}
		x, y := hanoiPair(t, e)
		other := merge.Candidate{LeftID: x.ID, RightID: y.ID, Score: 15, Decision: "review", LeftUnit: "01001", RightUnit: "01001", LeftProvince: "01", RightProvince: "01"}
		st, err := e.db.Review().SaveCandidates(ctx, "run-1", []merge.Candidate{c, other})
		if err != nil || st.Added != 2 {
			t.Fatalf("save: %+v, %v", st, err)
		}
		for _, tt := range []struct {
			unit string
			want int
		}{{"", 2}, {"42", 1}, {"18073", 1}, {"01", 1}, {"18075", 0}} {
			items, more, err := e.db.Review().Candidates(ctx, merge.Query{Unit: tt.unit, Limit: 10})
			if err != nil || len(items) != tt.want || more {
				t.Errorf("unit %q: %d candidates (more %v), %v; want %d", tt.unit, len(items), more, err, tt.want)
			}
		}
		page, more, err := e.db.Review().Candidates(ctx, merge.Query{Limit: 1})
		if err != nil || len(page) != 1 || !more || page[0].Score != 30 {
			t.Fatalf("first page: %+v more %v, %v", page, more, err)
		}
		id := page[0].ID
		if _, err := e.db.Review().MarkNotSame(ctx, id, registry.ChangeMeta{Actor: "user:x"}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("not-same without reason: %v, want invalid", err)
		}
		got, err := e.db.Review().MarkNotSame(ctx, id, registry.ChangeMeta{Actor: "user:x", Reason: "twins"})
		if err != nil || got.Status != merge.NotSame || got.DecidedBy != "user:x" || got.Reason != "twins" || got.DecidedAt.IsZero() {
			t.Fatalf("not-same: %+v, %v", got, err)
		}
		suppressed, err := e.db.Review().NotSamePairs(ctx)
		if err != nil || !suppressed[dedupe.PairKey(b.ID, a.ID)] || len(suppressed) != 1 {
			t.Errorf("suppressed pairs: %v, %v", suppressed, err)
		}
		// A later run finds both pairs again: the decided one keeps its
		// decision, the open one is refreshed.
		c.LeftID, c.RightID, other.Score = b.ID, a.ID, 16
		st, err = e.db.Review().SaveCandidates(ctx, "run-2", []merge.Candidate{c, other})
		if err != nil || st.Added != 0 || st.Updated != 1 || st.Decided != 1 {
			t.Errorf("second save: %+v, %v", st, err)
		}
		if again, _ := e.db.Review().Candidate(ctx, id); again.Status != merge.NotSame || again.RunID != "run-1" {
			t.Errorf("decided pair changed by a later run: %+v", again)
		}
		if _, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{CandidateID: id, SurvivorID: a.ID, MergedID: b.ID, Meta: officer}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("merge of a pair decided not the same: %v, want conflict", err)
		}
		if _, err := e.db.Review().Candidate(ctx, newID()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown candidate: %v", err)
		}
	})
}

// Merging through the queue decides the pair; undoing reopens it.
func TestMergeThroughQueue(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		a, b := twoRecords(t, e)
		if _, err := e.db.Review().SaveCandidates(ctx, "run-1", []merge.Candidate{{LeftID: a.ID, RightID: b.ID, Score: 30, Decision: "match"}}); err != nil {
			t.Fatal(err)
		}
		items, _, _ := e.db.Review().Candidates(ctx, merge.Query{Limit: 5})
		id := items[0].ID
		if _, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{CandidateID: id, SurvivorID: a.ID, MergedID: newID(), Meta: officer}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("merge naming a record outside the pair: %v, want invalid", err)
		}
		m, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{CandidateID: id, SurvivorID: b.ID, MergedID: a.ID, Meta: officer})
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := e.db.Review().Candidate(ctx, id); c.Status != merge.Merged || c.MergeID != m.ID {
			t.Errorf("after merge the pair is %+v", c)
		}
		if _, err := wire.Merger(e.db, nil).Undo(ctx, m.ID, officer); err != nil {
			t.Fatal(err)
		}
		if c, _ := e.db.Review().Candidate(ctx, id); c.Status != merge.Open || c.MergeID != "" {
			t.Errorf("after undo the pair is %+v", c)
		}
	})
}
