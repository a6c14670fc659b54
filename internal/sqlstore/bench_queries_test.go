package sqlstore_test

import (
	"slices"
	"testing"
)

// The queries `dancu bench` draws its inputs with, and its raw insert
// reference, work on both engines and return the register's own data.
func TestBenchQueriesReadTheRegister(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		if _, _, err := importCSV(t, e, goodBatch, false); err != nil {
			t.Fatal(err)
		}
		numbers, err := e.db.Bench().SampleIDNumbers(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(numbers) != 4 || !slices.Contains(numbers, "042090000123") || !slices.Contains(numbers, "042185000777") {
			t.Errorf("SampleIDNumbers = %v, want the 4 numbers of the batch (2 drawn by the register)", numbers)
		}
		if got, _ := e.db.Bench().SampleIDNumbers(ctx, 1); len(got) != 1 {
			t.Errorf("SampleIDNumbers(1) returned %d numbers", len(got))
		}
		ids, err := e.db.Bench().SampleIdentities(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, id := range ids {
			if id.IDNumber == "042185000777" {
				found = id.FullName == "Trần Thị Lan" && id.BirthDate == "1985-08-15"
			}
		}
		if len(ids) != 4 || !found {
			t.Errorf("SampleIdentities = %+v, want 4 with Trần Thị Lan born 1985-08-15", ids)
		}
		// The register's name keys by position, read directly.
		var keys []string
		var byPos []int
		rows, err := e.db.SQL().QueryContext(ctx, `SELECT name_key, birth_year FROM citizens ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			var year int
			if err := rows.Scan(&name, &year); err != nil {
				t.Fatal(err)
			}
			keys, byPos = append(keys, name), append(byPos, year)
		}
		rows.Close()
		if i := slices.Index(keys, "tran thi lan"); i < 0 || byPos[i] != 1985 {
			t.Errorf("name keys of the register = %v %v, want tran thi lan born 1985", keys, byPos)
		}
		// One scan gives each position's citizen, in the positions'
		// order, repeats included.
		for _, positions := range [][]int{{0, 1, 2, 3}, {3, 0, 2, 3, 1}} {
			names, years, err := e.db.Bench().NameKeysAt(ctx, positions)
			if err != nil {
				t.Fatal(err)
			}
			for i, at := range positions {
				if names[i] != keys[at] || years[i] != byPos[at] {
					t.Errorf("NameKeysAt(%v)[%d] = %s %d, the register holds %s %d there", positions, i, names[i], years[i], keys[at], byPos[at])
				}
			}
		}
		if _, _, err := e.db.Bench().NameKeysAt(ctx, []int{1, 4}); err == nil {
			t.Error("NameKeysAt past the end returned no error")
		}
		n, rate, err := e.db.Bench().RawInsertRate(ctx)
		if err != nil || n != 4 || rate <= 0 {
			t.Errorf("RawInsertRate = %d rows, %.0f/s, %v; want 4 rows", n, rate, err)
		}
		if err := e.db.Bench().Settle(ctx); err != nil {
			t.Errorf("Settle: %v", err)
		}
		if c := countCitizens(t, e); c != 4 {
			t.Errorf("the raw reference changed the register: %d citizens", c)
		}
	})
}
