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
		var keys []string
		for i := range 4 {
			name, year, err := e.db.Bench().NameKeyAt(ctx, i)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, name)
			if name == "tran thi lan" && year != 1985 {
				t.Errorf("NameKeyAt: tran thi lan born %d, want 1985", year)
			}
		}
		if !slices.Contains(keys, "tran thi lan") {
			t.Errorf("NameKeyAt over the register = %v, want the folded names", keys)
		}
		if _, _, err := e.db.Bench().NameKeyAt(ctx, 4); err == nil {
			t.Error("NameKeyAt past the end returned no error")
		}
		// One scan gives what a query per position gives, in the
		// positions' order, repeats included.
		positions := []int{3, 0, 2, 3, 1}
		names, years, err := e.db.Bench().NameKeysAt(ctx, positions)
		if err != nil {
			t.Fatal(err)
		}
		for i, at := range positions {
			name, year, _ := e.db.Bench().NameKeyAt(ctx, at)
			if names[i] != name || years[i] != year {
				t.Errorf("NameKeysAt[%d] (position %d) = %s %d, NameKeyAt %s %d", i, at, names[i], years[i], name, year)
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
