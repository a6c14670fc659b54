package sqlstore_test

import (
	"dancu/internal/wire"
	"reflect"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/merge"
	"dancu/internal/registry"
	"dancu/internal/share"
)

// twoRecords creates two records of one person: the survivor lacks a phone
// and blood type that the other has.
func twoRecords(t *testing.T, e engine) (registry.Citizen, registry.Citizen) {
	t.Helper()
	a := sampleCitizen()
	a.RecordRef = "42-18073-000001"
	b := sampleCitizen()
	b.ID, b.IDNumber, b.RecordRef, b.OldIDNumber = newID(), "042090000999", "42-18073-000002", ""
	b.Phone, b.BloodType, b.Religion = "0912345678", "O", "01"
	a, err := wire.Register(e.db).Create(ctx, a, officer)
	if err != nil {
		t.Fatal(err)
	}
	if b, err = wire.Register(e.db).Create(ctx, b, officer); err != nil {
		t.Fatal(err)
	}
	return a, b
}

func snapshot(t *testing.T, e engine, id string) (registry.Citizen, []registry.Version) {
	t.Helper()
	c, err := e.db.Citizens().Citizen(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.db.Citizens().History(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return c, h
}

// Merge and undo round-trip: after the undo every field value is as
// before the merge, and the history before the merge is kept whole, with
// the merge and its undo appended.
func TestMergeUndoRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		a, b := twoRecords(t, e)
		beforeA, histA := snapshot(t, e, a.ID)
		beforeB, histB := snapshot(t, e, b.ID)
		e.clock.advance(time.Hour)
		m, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{SurvivorID: a.ID, MergedID: b.ID, Fill: true, Meta: registry.ChangeMeta{Actor: "user:tinh42", Reason: "same person, two forms"}})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(m.Filled, map[string]any{"phone": "0912345678", "blood_type": "O", "religion": "01"}) {
			t.Errorf("filled = %v", m.Filled)
		}
		survivor, _ := snapshot(t, e, a.ID)
		merged, _ := snapshot(t, e, b.ID)
		if merged.Status != registry.Merged || merged.MergedInto != a.ID || merged.IDNumber != "" {
			t.Errorf("merged record: status %s into %q number %q", merged.Status, merged.MergedInto, merged.IDNumber)
		}
		if survivor.Phone != "0912345678" || survivor.IDNumber != a.IDNumber || survivor.Version != a.Version+1 {
			t.Errorf("survivor: phone %q number %q version %d", survivor.Phone, survivor.IDNumber, survivor.Version)
		}
		byOld, err := e.db.Citizens().CitizenByIDNumber(ctx, b.IDNumber)
		if err != nil || byOld.ID != a.ID {
			t.Errorf("look-up by the cancelled number: %s, %v; want the survivor", byOld.ID, err)
		}
		got, err := e.db.Review().MergeByID(ctx, m.ID)
		if err != nil || got.Number != b.IDNumber || got.PriorStatus != registry.Alive || !reflect.DeepEqual(got.Filled, m.Filled) {
			t.Errorf("stored merge = %+v, %v", got, err)
		}

		e.clock.advance(time.Hour)
		undo := registry.ChangeMeta{Actor: "user:tinh42", Reason: "two people after all"}
		if _, err := wire.Merger(e.db, nil).Undo(ctx, m.ID, undo); err != nil {
			t.Fatal(err)
		}
		afterA, hA := snapshot(t, e, a.ID)
		afterB, hB := snapshot(t, e, b.ID)
		for _, c := range []struct {
			name          string
			before, after registry.Citizen
			hist, now     []registry.Version
		}{{"survivor", beforeA, afterA, histA, hA}, {"merged", beforeB, afterB, histB, hB}} {
			if d := registry.Diff(c.before, c.after); len(d) != 0 {
				t.Errorf("%s: fields differ after undo: %v", c.name, d)
			}
			if !reflect.DeepEqual(c.before.CancelledIDNumbers, c.after.CancelledIDNumbers) || c.before.MergedInto != c.after.MergedInto ||
				c.before.RecordRef != c.after.RecordRef || c.after.Version != c.before.Version+2 {
				t.Errorf("%s: bookkeeping after undo: %+v", c.name, c.after)
			}
			if len(c.now) != len(c.hist)+2 || !reflect.DeepEqual(c.now[:len(c.hist)], c.hist) {
				t.Errorf("%s: history not kept: %d versions before, %d after", c.name, len(c.hist), len(c.now))
			}
		}
		if byNum, err := e.db.Citizens().CitizenByIDNumber(ctx, b.IDNumber); err != nil || byNum.ID != b.ID {
			t.Errorf("the re-established number leads to %s, %v; want the restored record", byNum.ID, err)
		}
		if _, err := wire.Merger(e.db, nil).Undo(ctx, m.ID, undo); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second undo: %v, want conflict", err)
		}
		// The same pair can be merged again, and the number cancelled again.
		if _, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{SurvivorID: a.ID, MergedID: b.ID, Meta: officer}); err != nil {
			t.Errorf("merge after undo: %v", err)
		}
	})
}

func TestMergeRefusals(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		a, b := twoRecords(t, e)
		if _, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{SurvivorID: a.ID, MergedID: b.ID}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("merge without reason: %v, want invalid", err)
		}
		if _, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{SurvivorID: a.ID, MergedID: a.ID, Meta: officer}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("merge into itself: %v, want invalid", err)
		}
		if _, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{SurvivorID: a.ID, MergedID: newID(), Meta: officer}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("merge of an unknown record: %v, want not found", err)
		}
		if _, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{SurvivorID: a.ID, MergedID: b.ID, Meta: officer}); err != nil {
			t.Fatal(err)
		}
		if _, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{SurvivorID: a.ID, MergedID: b.ID, Meta: officer}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second merge: %v, want conflict", err)
		}
		// Nothing of a refused merge was written.
		if h, _ := e.db.Citizens().History(ctx, b.ID); len(h) != 2 {
			t.Errorf("merged record has %d versions, want 2", len(h))
		}
	})
}

// TestMergeEventNamesSurvivorNumber: the id_number.cancelled event of a
// merge tells partners where the cancelled number now leads: the
// survivor's number (a merged record holds none of its own).
func TestMergeEventNamesSurvivorNumber(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		a, b := twoRecords(t, e)
		if _, err := wire.Merger(e.db, nil).Merge(ctx, merge.Request{SurvivorID: a.ID, MergedID: b.ID, Meta: officer}); err != nil {
			t.Fatal(err)
		}
		evs, err := e.db.Sharing().Events(ctx, 0, []share.EventType{share.EventNumberCancelled}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 || evs[0].Data["id_number"] != b.IDNumber || evs[0].Data["replaced_by"] != a.IDNumber {
			t.Errorf("cancellation events of the merge = %+v; want %s replaced by the survivor's %s", evs, b.IDNumber, a.IDNumber)
		}
	})
}
