package sqlstore_test

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"strings"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/dc01"
	"dancu/internal/registry"
	"dancu/internal/units"
)

const header = "record_ref,id_number,full_name,birth_date,sex,permanent_commune,household_ref,relation_to_head,father_name\n"

func importCSV(t *testing.T, e engine, body string, skipInvalid bool) (registry.BatchInfo, []registry.Issue, error) {
	t.Helper()
	rd, err := dc01.NewReader(strings.NewReader(body), dc01.CSV, false)
	if err != nil {
		t.Fatal(err)
	}
	var issues []registry.Issue
	im := &registry.Importer{Store: e.db.Citizens(), Units: units.Default(), NewID: newID, Now: e.clock.now}
	info, err := im.Import(ctx, rd, registry.ImportOptions{
		Source: "test.csv", Actor: "import:test", AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		SkipInvalid: skipInvalid, ChunkSize: 3,
		OnIssue: func(i registry.Issue) { issues = append(issues, i) },
	})
	return info, issues, err
}

// importGenerated imports a generated population file (synth.WriteFile)
// in chunks of chunk rows, skipping the rows the generator made invalid.
func importGenerated(t *testing.T, e engine, file string, chunk int) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc, gz := dc01.EncodingFor(file)
	rd, err := dc01.NewReader(f, enc, gz)
	if err != nil {
		t.Fatal(err)
	}
	im := &registry.Importer{Store: e.db.Citizens(), Units: units.Default(), NewID: newID, Now: e.clock.now}
	if _, err := im.Import(ctx, rd, registry.ImportOptions{Source: "population.csv", Actor: "import:test",
		AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), SkipInvalid: true, ChunkSize: chunk}); err != nil {
		t.Fatal(err)
	}
}

func countCitizens(t *testing.T, e engine) int {
	t.Helper()
	var n int
	if err := e.db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM citizens`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const goodBatch = header +
	"R1,042090000123,Nguyễn Văn Hùng,1990-05-15,M,18073,H1,head,\n" +
	"R2,,NGUYỄN THỊ HOA,1992,F,18073,H1,vợ,\n" +
	"R3,,Nguyễn Văn An,2015-02,M,18073,H1,con,Nguyễn Văn Hùng\n" +
	"R4,042185000777,Trần Thị Lan,15/08/1985,Nữ,18073,H2,chủ hộ,\n"

func TestImportIsIdempotent(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		info, _, err := importCSV(t, e, goodBatch, false)
		if err != nil {
			t.Fatal(err)
		}
		if info.Stats.Inserted != 4 || info.Stats.Assigned != 2 {
			t.Fatalf("first import stats %+v", info.Stats)
		}
		info, _, err = importCSV(t, e, goodBatch, false)
		if err != nil {
			t.Fatal(err)
		}
		if info.Stats.Inserted != 0 || info.Stats.Unchanged != 4 || countCitizens(t, e) != 4 {
			t.Fatalf("re-import stats %+v, %d citizens", info.Stats, countCitizens(t, e))
		}
		hoa, err := e.db.Citizens().Search(ctx, registry.Query{Name: "nguyen thi hoa"})
		if err != nil || len(hoa.Items) != 1 {
			t.Fatalf("search after import: %v %v", hoa, err)
		}
		c, err := e.db.Citizens().Citizen(ctx, hoa.Items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.FullName != "Nguyễn Thị Hoa" || c.RelationToHead != "spouse" || c.RecordRef != "R2" || c.BirthDate.String() != "1992" {
			t.Errorf("imported record: %+v", c)
		}
		if !strings.HasPrefix(c.IDNumber, "042192") {
			t.Errorf("assigned number %s, want block 042192 (Hà Tĩnh, female, 1992)", c.IDNumber)
		}
		hist, err := e.db.Citizens().History(ctx, c.ID)
		if err != nil || len(hist) != 1 || !strings.Contains(hist[0].Reason, "import batch") {
			t.Errorf("import history: %+v %v", hist, err)
		}
	})
}

func TestImportConflictsAreNotOverwritten(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		if _, _, err := importCSV(t, e, goodBatch, false); err != nil {
			t.Fatal(err)
		}
		changed := header + "R9,042090000123,Nguyễn Văn Hùng,1990-05-16,M,18073,H1,head,\n"
		info, issues, err := importCSV(t, e, changed, false)
		if err != nil {
			t.Fatal(err)
		}
		if info.Stats.Conflicts != 1 || info.Stats.Inserted != 0 {
			t.Fatalf("stats %+v", info.Stats)
		}
		if len(issues) != 1 || issues[0].Severity != "conflict" || !strings.Contains(issues[0].Column, "birth_date") {
			t.Fatalf("issues %+v", issues)
		}
		c, _ := e.db.Citizens().CitizenByIDNumber(ctx, "042090000123")
		if c.BirthDate.String() != "1990-05-15" || c.Version != 1 {
			t.Errorf("register was overwritten: %s v%d", c.BirthDate, c.Version)
		}
		cs, err := e.db.Citizens().Conflicts(ctx, info.ID, 10)
		if err != nil || len(cs) != 1 || cs[0].CitizenID != c.ID {
			t.Fatalf("conflicts listed: %+v %v", cs, err)
		}
		if got := cs[0].Fields["birth_date"]; got[0] != "1990-05-15" || got[1] != "1990-05-16" {
			t.Errorf("conflict fields %v", cs[0].Fields)
		}
	})
}

const badBatch = header +
	"B1,,Lê Văn Tám,1980-01-01,M,18073,,,\n" +
	"B2,,Lê Văn Bảy,1980-13-01,M,18073,,,\n" +
	"B3,12345,Lê Văn Sáu,1980,X,99999,,,\n" +
	"B1,,Lê Văn Năm,1981,M,18073,,,\n"

func TestImportInvalidBatchWritesNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		info, issues, err := importCSV(t, e, badBatch, false)
		if !errors.Is(err, registry.ErrBatchRejected) || !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("err = %v, want a rejected batch", err)
		}
		if n := countCitizens(t, e); n != 0 {
			t.Fatalf("%d citizens written by a rejected batch", n)
		}
		want := map[string]bool{"B2/birth_date": true, "B3/id_number": true, "B3/sex": true, "B3/permanent_commune": true, "B1/record_ref": true}
		for _, is := range issues {
			delete(want, is.RecordRef+"/"+is.Column)
		}
		if len(want) != 0 {
			t.Errorf("errors not reported: %v (got %+v)", want, issues)
		}
		if info.Stats.Invalid != 3 {
			t.Errorf("invalid = %d, want 3", info.Stats.Invalid)
		}
		batches, err := e.db.Citizens().Batches(ctx, 5)
		if err != nil || len(batches) != 1 || batches[0].Status != "rolled_back" {
			t.Errorf("batch log: %+v %v", batches, err)
		}
		info, _, err = importCSV(t, e, badBatch, true)
		if err != nil {
			t.Fatal(err)
		}
		if info.Stats.Inserted != 1 || countCitizens(t, e) != 1 {
			t.Errorf("skip-invalid imported %d (stats %+v)", countCitizens(t, e), info.Stats)
		}
	})
}

func TestImportWarnsOnIDStructure(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		// A 1990 woman holding a number coded as a 1985 man: legacy data,
		// imported with a warning, not rejected.
		batch := header + "W1,042085000555,Phạm Thị Mai,1990-03-03,F,18073,,,\n"
		info, issues, err := importCSV(t, e, batch, false)
		if err != nil {
			t.Fatal(err)
		}
		if info.Stats.Inserted != 1 || info.Stats.Warnings == 0 {
			t.Fatalf("stats %+v", info.Stats)
		}
		for _, is := range issues {
			if is.Severity != "warning" || is.Column != "id_number" {
				t.Errorf("unexpected issue %+v", is)
			}
		}
	})
}

func TestImportSameNumberTwiceInOneBatch(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		// Chunks hold 3 rows: D5 meets D1 in an earlier chunk (already
		// written), D2 meets D1 in the same chunk.
		batch := header +
			"D1,042090000123,Nguyễn Văn Hùng,1990-05-15,M,18073,H1,head,\n" +
			"D2,042090000123,Nguyễn Văn Hùng,1990-05-15,M,18073,H1,head,\n" +
			"D3,,Trần Văn Ba,1970,M,18073,,,\n" +
			"D4,,Trần Văn Tư,1971,M,18073,,,\n" +
			"D5,042090000123,Nguyễn Văn Hùng,1991-05-15,M,18073,H1,head,\n"
		info, issues, err := importCSV(t, e, batch, false)
		if err != nil {
			t.Fatal(err)
		}
		if info.Stats.Inserted != 3 || info.Stats.Unchanged != 1 || info.Stats.Conflicts != 1 {
			t.Fatalf("stats %+v, issues %+v", info.Stats, issues)
		}
		cs, err := e.db.Citizens().Conflicts(ctx, info.ID, 10)
		if err != nil || len(cs) != 1 || cs[0].RecordRef != "D5" {
			t.Fatalf("conflicts %+v %v", cs, err)
		}
	})
}

// TestImportRepeatsOnEitherPath imports batches with repeated record refs
// and ID numbers twice: with the default filters, where only the repeats
// are held until the end of the file, and with filters so small and runs
// of refs so short that every row is held and every ref spilled to its own
// run (HoldRows 2: most held rows wait in a temporary file). Both must give the same outcome, and that of the rules: a repeated
// ref is an error naming its first line, a repeated number is compared.
func TestImportRepeatsOnEitherPath(t *testing.T) {
	const repeats = header +
		"D1,042090000123,Nguyễn Văn Hùng,1990-05-15,M,18073,H1,head,\n" + // line 2
		"D2,042090000123,Nguyễn Văn Hùng,1990-05-15,M,18073,H1,head,\n" + // same person: a form of D1
		"D3,,Trần Văn Ba,1970,M,18073,,,\n" +
		"D1,,Trần Văn Tư,1971,M,18073,,,\n" + // line 5: D1 again
		"D5,042090000123,Nguyễn Văn Hùng,1991-05-15,M,18073,H1,head,\n" + // conflicts with D1
		"D3,,Trần Văn Ba,1970-13-01,M,18073,,,\n" + // line 7: D3 again, and invalid
		"D7,042185000777,Trần Thị Lan,1985-08-15,F,18073,H2,head,\n" +
		"D1,042185000777,Trần Thị Lan,1985-08-15,F,18073,H2,head,\n" // line 9: D1 a third time
	type outcome struct {
		stats     registry.Stats
		errors    map[string]string // "ref/line/column" -> reason
		citizens  int
		rejected  bool
		conflicts int
	}
	run := func(t *testing.T, e engine, body string, skip bool, exact bool) outcome {
		t.Helper()
		rd, err := dc01.NewReader(strings.NewReader(body), dc01.CSV, false)
		if err != nil {
			t.Fatal(err)
		}
		out := outcome{errors: map[string]string{}}
		opts := registry.ImportOptions{Source: "test.csv", Actor: "import:test", AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			SkipInvalid: skip, ChunkSize: 3,
			OnIssue: func(i registry.Issue) {
				if i.Severity == "error" {
					out.errors[fmt.Sprintf("%s/%d/%s", i.RecordRef, i.Line, i.Column)] = i.Reason
				}
				if i.Severity == "conflict" {
					out.conflicts++
				}
			}}
		if exact {
			opts.SeenFilterBytes, opts.DupRunRows, opts.HoldRows = -1, 1, 2
		}
		im := &registry.Importer{Store: e.db.Citizens(), Units: units.Default(), NewID: newID, Now: e.clock.now}
		info, err := im.Import(ctx, rd, opts)
		if err != nil && !errors.Is(err, registry.ErrBatchRejected) {
			t.Fatal(err)
		}
		out.stats, out.rejected, out.citizens = info.Stats, err != nil, countCitizens(t, e)
		if out.rejected {
			out.stats.Inserted = 0 // rows written before the first error, rolled back: depends on the path
		}
		return out
	}
	dupD1 := func(line int) string { return fmt.Sprintf("D1/%d/record_ref", line) }
	tests := []struct {
		name  string
		first string // imported before (a register that is not empty)
		body  string
		skip  bool
		want  outcome
	}{
		{name: "rejected with every error", body: repeats, want: outcome{rejected: true,
			stats: registry.Stats{Rows: 8, Invalid: 3, Warnings: 1},
			errors: map[string]string{dupD1(5): "appears twice in the batch (first on line 2)", dupD1(9): "appears twice in the batch (first on line 2)",
				"D3/7/record_ref": "appears twice in the batch (first on line 4)", "D3/7/birth_date": `invalid date "1970-13-01": month 13 out of range 1..12`}}},
		{name: "skip invalid", body: repeats, skip: true, want: outcome{citizens: 3, conflicts: 1,
			stats: registry.Stats{Rows: 8, Invalid: 3, Inserted: 3, Unchanged: 1, Conflicts: 1, Assigned: 1, Warnings: 1},
			errors: map[string]string{dupD1(5): "appears twice in the batch (first on line 2)", dupD1(9): "appears twice in the batch (first on line 2)",
				"D3/7/record_ref": "appears twice in the batch (first on line 4)", "D3/7/birth_date": `invalid date "1970-13-01": month 13 out of range 1..12`}}},
		{name: "into a register", first: header + "D7,042185000777,Trần Thị Lan,1985-08-15,F,18073,H2,head,\n" + "X1,,Lê Văn Một,1960,M,18073,,,\n",
			body: header + "N1,,Lê Văn Hai,1961,M,18073,,,\n" + "D7,042185000777,Trần Thị Lan,1985-08-15,F,18073,H2,head,\n" +
				"N2,042185000777,Trần Thị Lan,1985-08-15,F,18073,H2,head,\n" + "N1,,Lê Văn Ba,1962,M,18073,,,\n",
			skip: true, want: outcome{citizens: 1, stats: registry.Stats{Rows: 4, Invalid: 1, Inserted: 1, Unchanged: 2, Assigned: 1},
				errors: map[string]string{"N1/5/record_ref": "appears twice in the batch (first on line 2)"}}},
	}
	for _, tc := range tests {
		for _, exact := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/every row held %v", tc.name, exact), func(t *testing.T) {
				eachEngine(t, func(t *testing.T, e engine) {
					want := tc.want
					if tc.first != "" {
						if _, _, err := importCSV(t, e, tc.first, false); err != nil {
							t.Fatal(err)
						}
						want.citizens += countCitizens(t, e)
					}
					got := run(t, e, tc.body, tc.skip, exact)
					if got.rejected != want.rejected || got.stats != want.stats || got.citizens != want.citizens ||
						got.conflicts != want.conflicts || !maps.Equal(got.errors, want.errors) {
						t.Errorf("\n got %+v\nwant %+v", got, want)
					}
				})
			})
		}
	}
}
