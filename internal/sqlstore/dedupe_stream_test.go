package sqlstore_test

import (
	"os"
	"path/filepath"
	"testing"

	"dancu/internal/dedupe"
	"dancu/internal/synth"
	"dancu/internal/wire"
)

// The streaming full run (spilled to the data directory, sorted by
// blocking key) finds on both engines exactly the pairs of the in-memory
// run over a generated register with duplicates, conflicting rows and
// absorbed forms: same records, scores and decisions; and it leaves no
// scratch file behind.
func TestStreamingDedupeFindsTheInMemoryPairs(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "population.csv")
	if _, err := synth.WriteFile(file, synth.Options{Province: "42", People: 1500, Seed: 5, DuplicateRate: 0.08}, ""); err != nil {
		t.Fatal(err)
	}
	eachEngine(t, func(t *testing.T, e engine) {
		importGenerated(t, e, file, 500)
		scratch := t.TempDir()
		svc := wire.Dedupe(e.db, scratch, nil)
		want, ref, err := svc.FindAllInMemory(ctx, dedupe.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, run, err := svc.FindAll(ctx, dedupe.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if run.Records != ref.Records || run.Forms != ref.Forms {
			t.Errorf("streaming run read %d records and %d forms, in-memory %d and %d", run.Records, run.Forms, ref.Records, ref.Forms)
		}
		if ref.Records <= 1500 || ref.Forms == 0 {
			t.Errorf("the register holds %d records and %d absorbed forms: want duplicates, conflicts and forms to compare", ref.Records, ref.Forms)
		}
		if missing, extra := dedupe.DiffPairs(want, got); missing != 0 || extra != 0 || len(want) == 0 {
			t.Errorf("streaming run: %d pairs, in-memory %d: %d missing, %d extra", len(got), len(want), missing, extra)
		}
		if left, _ := os.ReadDir(scratch); len(left) != 0 {
			t.Errorf("scratch files left behind: %v", left)
		}
	})
}
