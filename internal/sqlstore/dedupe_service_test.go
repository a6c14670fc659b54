package sqlstore_test

import (
	"testing"
	"time"

	"dancu/internal/dedupe"
	"dancu/internal/merge"
	"dancu/internal/registry"
	"dancu/internal/wire"
)

// The duplicate-detection service runs from the dedupe package against a
// real store on both engines: it finds the two records of one person
// (the second filed without its ID number), files the pair for review,
// stops reporting it once an officer decided "not the same person", and
// the incremental check finds it only among records changed since a time.
func TestDedupeServiceFindsFilesAndForgetsDecidedPairs(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		body := goodBatch + "R9,,Nguyễn Văn Hùng,15/05/1990,M,18073,H9,chủ hộ,\n"
		if _, _, err := importCSV(t, e, body, false); err != nil {
			t.Fatal(err)
		}
		svc := wire.Dedupe(e.db, t.TempDir(), nil)
		pairs, run, err := svc.FindAll(ctx, dedupe.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if run.Records != 5 {
			t.Errorf("run read %d records, want 5", run.Records)
		}
		if len(pairs) != 1 || refs(pairs[0]) != [2]string{"R1", "R9"} {
			t.Fatalf("pairs = %v, want R1/R9", pairRefs(pairs))
		}
		st, err := svc.Save(ctx, pairs)
		if err != nil || st.Added != 1 {
			t.Fatalf("save: %+v, %v; want 1 added", st, err)
		}
		before := e.clock.now().Add(-time.Hour)
		if pairs, err := svc.FindSince(ctx, before, dedupe.Options{}); err != nil || len(pairs) != 1 {
			t.Errorf("incremental check since the import: pairs %v, %v; want R1/R9", pairRefs(pairs), err)
		}
		if pairs, err := svc.FindSince(ctx, e.clock.now().Add(time.Hour), dedupe.Options{}); err != nil || len(pairs) != 0 {
			t.Errorf("incremental check with nothing changed: pairs %v, %v; want none", pairRefs(pairs), err)
		}
		queued, _, err := e.db.Review().Candidates(ctx, merge.Query{Limit: 10})
		if err != nil || len(queued) != 1 {
			t.Fatalf("review queue: %d candidates, %v; want 1", len(queued), err)
		}
		if _, err := e.db.Review().MarkNotSame(ctx, queued[0].ID, registry.ChangeMeta{Actor: "officer:42-001", Reason: "different people, checked in person"}); err != nil {
			t.Fatal(err)
		}
		if pairs, _, err = svc.FindAll(ctx, dedupe.Options{}); err != nil || len(pairs) != 0 {
			t.Errorf("after a not-same decision: pairs %v, %v; want none", pairRefs(pairs), err)
		}

	})
}

func refs(p dedupe.Pair) [2]string {
	l, r := p.Left.Ref, p.Right.Ref
	if l > r {
		l, r = r, l
	}
	return [2]string{l, r}
}

func pairRefs(ps []dedupe.Pair) [][2]string {
	var out [][2]string
	for _, p := range ps {
		out = append(out, refs(p))
	}
	return out
}
