package dedupe_test

import (
	"context"
	"testing"

	"dancu/internal/dedupe"
)

// The incremental run finds the pairs of a full run that involve a new
// record, and no pair of two old records.
func TestFindNewMatchesFullRun(t *testing.T) {
	citizens, _ := generated(t, 3000)
	full := dedupe.FindAll(prepare(citizens), dedupe.Options{})
	recs := prepare(citizens)
	isNew := map[string]bool{}
	for _, r := range recs[len(recs)*9/10:] { // the last tenth is "this batch"
		isNew[r.Ref] = true
	}
	run, err := dedupe.FindNew(context.Background(), recs, func(r *dedupe.Record) bool { return isNew[r.Ref] }, dedupe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	key := func(p dedupe.Pair) [2]string {
		if p.Left.Ref > p.Right.Ref {
			return [2]string{p.Right.Ref, p.Left.Ref}
		}
		return [2]string{p.Left.Ref, p.Right.Ref}
	}
	got := map[[2]string]dedupe.Decision{}
	for _, p := range run.Pairs {
		if !isNew[p.Left.Ref] && !isNew[p.Right.Ref] {
			t.Fatalf("incremental run paired two old records: %s/%s", p.Left.Ref, p.Right.Ref)
		}
		got[key(p)] = p.Decision
	}
	want, missed := 0, 0
	for _, p := range full.Pairs {
		if !isNew[p.Left.Ref] && !isNew[p.Right.Ref] {
			continue
		}
		want++
		if d, ok := got[key(p)]; !ok || d != p.Decision {
			missed++
		}
	}
	if want < 20 {
		t.Fatalf("only %d full-run pairs involve the new tenth; the test population is too small", want)
	}
	// Blocks split by their size at the moment a record arrives, so a
	// handful of pairs may differ; the decisions must agree on the rest.
	t.Logf("%d full-run pairs involve a new record; the incremental run missed or decided differently %d; scored %d pairs against %d", want, missed, run.Compared, full.Compared)
	if missed > want/100 {
		t.Errorf("incremental run missed or decided differently %d of %d pairs involving new records", missed, want)
	}
	if run.Compared >= full.Compared {
		t.Errorf("incremental run scored %d pairs, the full run %d: it should score only the new records", run.Compared, full.Compared)
	}
}
