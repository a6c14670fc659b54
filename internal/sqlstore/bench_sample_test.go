package sqlstore_test

import (
	"path/filepath"
	"slices"
	"testing"

	"dancu/internal/synth"
)

// The benchmarks' ID numbers are drawn from the whole register, not the
// first rows by id: ids are UUIDv7, so those are the first rows imported,
// which sit together on a few cached pages and flatter the reads.
func TestBenchSampleIsSpreadOverTheRegister(t *testing.T) {
	file := filepath.Join(t.TempDir(), "population.csv")
	if _, err := synth.WriteFile(file, synth.Options{Province: "42", People: 600, Seed: 11}, ""); err != nil {
		t.Fatal(err)
	}
	eachEngine(t, func(t *testing.T, e engine) {
		importGenerated(t, e, file, 200)
		const n = 40
		var first []string
		if err := scanStrings(e, `SELECT id_number FROM citizens WHERE id_number IS NOT NULL ORDER BY id LIMIT $1`, n, &first); err != nil {
			t.Fatal(err)
		}
		a, err := e.db.Bench().SampleIDNumbers(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		b, err := e.db.Bench().SampleIDNumbers(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != n || len(b) != n {
			t.Fatalf("samples of %d and %d numbers, want %d", len(a), len(b), n)
		}
		slices.Sort(a)
		slices.Sort(b)
		slices.Sort(first)
		if slices.Equal(a, first) {
			t.Errorf("the sample is the first %d rows by id", n)
		}
		if slices.Equal(a, b) {
			t.Errorf("two samples of %d from ~600 numbers are the same set: not drawn at random", n)
		}
		if len(slices.Compact(slices.Clone(a))) != n {
			t.Errorf("the sample repeats a number: %v", a)
		}
		ids, err := e.db.Bench().SampleCitizenIDs(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		var firstIDs []string
		if err := scanStrings(e, `SELECT id FROM citizens ORDER BY id LIMIT $1`, n, &firstIDs); err != nil {
			t.Fatal(err)
		}
		slices.Sort(ids)
		if len(ids) != n || slices.Equal(ids, firstIDs) {
			t.Errorf("SampleCitizenIDs gave %d ids, the first %d by id: %v", len(ids), n, slices.Equal(ids, firstIDs))
		}
	})
}

// scanStrings reads one text column of query (with one $1 argument).
func scanStrings(e engine, query string, arg any, out *[]string) error {
	rows, err := e.db.SQL().QueryContext(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		*out = append(*out, s)
	}
	return rows.Err()
}
