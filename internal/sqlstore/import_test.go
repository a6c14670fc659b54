package sqlstore_test

import (
	"errors"
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
