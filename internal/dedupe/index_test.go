package dedupe_test

import (
	"fmt"
	"slices"
	"testing"

	"dancu/internal/dedupe"
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// A full run over blocks split at a small cap compares each record with
// exactly the earlier records a check against the complete index proposes:
// both see the blocks split by their final size.
func TestFindAllSplitBlocksMatchCompleteIndex(t *testing.T) {
	citizens, _ := generated(t, 3000)
	recs := prepare(citizens)
	run := dedupe.FindAll(recs, dedupe.Options{BlockCap: 3})
	ix := run.Detector.Index
	if ix.SplitBlocks() == 0 {
		t.Fatalf("no block was split at cap 3 (%d records)\n%s", len(recs), dedupe.FormatStats(ix.Stats()))
	}
	want := 0
	for i := range recs {
		for _, p := range ix.Candidates(&recs[i]) {
			if p < i {
				want++
			}
		}
	}
	if run.Compared != want {
		t.Errorf("full run compared %d pairs, checks against the complete index propose %d", run.Compared, want)
	}
}

// Records sharing only "given name + birth year" stay candidates while the
// block is small; once it is split they are compared only when they also
// agree on a refinement (birth month, a commune). An index built at once
// and one grown record by record split the same way.
func TestSplitBlockRefinements(t *testing.T) {
	person := func(ref, name, date, commune string) registry.Citizen {
		d, err := pdate.Parse(date)
		if err != nil {
			t.Fatal(err)
		}
		return registry.Citizen{RecordRef: ref, FullName: name, BirthDate: d, Sex: registry.Male,
			Permanent: registry.Residence{Commune: commune}}
	}
	// Filler shares the probe's given name and year, nothing else.
	filler := func(n int) []registry.Citizen {
		var out []registry.Citizen
		for i := range n {
			out = append(out, person(fmt.Sprintf("F%d", i), fmt.Sprintf("Họ%c Văn An", 'a'+i), fmt.Sprintf("1990-%02d-15", 1+i%6), fmt.Sprintf("9%04d", i)))
		}
		return out
	}
	probe := person("P", "Trần Văn An", "1990-11-02", "00001")
	tests := []struct {
		name   string
		other  registry.Citizen
		filler int
		want   bool
	}{
		{"small block: year and given name suffice", person("O", "Lê Văn An", "1990-12-20", "00002"), 3, true},
		{"split: same month", person("O", "Lê Văn An", "1990-11-20", "00002"), 20, true},
		{"split: same commune", person("O", "Lê Văn An", "1990-12-20", "00001"), 20, true},
		{"split: nothing else in common", person("O", "Lê Văn An", "1990-12-20", "00002"), 20, false},
		{"split: same surname and date (another key)", person("O", "Trần An", "1990-11-02", "00002"), 20, true},
	}
	build := map[string]func(recs []dedupe.Record) *dedupe.Index{
		"at once": func(recs []dedupe.Record) *dedupe.Index {
			return dedupe.FindAll(recs, dedupe.Options{BlockCap: 10}).Detector.Index
		},
		"one by one": func(recs []dedupe.Record) *dedupe.Index {
			ix := dedupe.NewIndex(10, nil)
			for i := range recs {
				ix.Add(&recs[i])
			}
			return ix
		},
	}
	for how, index := range build {
		for _, tt := range tests {
			t.Run(how+"/"+tt.name, func(t *testing.T) {
				recs := prepare(append(filler(tt.filler), tt.other))
				probe := prepare([]registry.Citizen{probe})[0]
				var refs []string
				ix := index(recs)
				for _, p := range ix.Candidates(&probe) {
					refs = append(refs, ix.Record(p).Ref)
				}
				if got := slices.Contains(refs, "O"); got != tt.want {
					t.Errorf("other is a candidate: %v, want %v (candidates %v)", got, tt.want, refs)
				}
			})
		}
	}
}
