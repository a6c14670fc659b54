package sqlstore_test

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dancu/internal/dc01"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
)

// tableRows counts a table's rows.
func tableRows(t *testing.T, e engine, table string) int {
	return countRows(t, e.db.SQL(), `SELECT COUNT(*) FROM `+table)
}

// A batch streams its rows chunk by chunk (on PostgreSQL by COPY into a
// staging table): a failing row after several chunks were written still
// leaves nothing, and the next batch on the same pooled connection works.
func TestImportFailingRowAfterWrittenChunksWritesNothing(t *testing.T) {
	for _, at := range []int{2, 7, 11} { // first chunk, middle, last row
		t.Run(fmt.Sprintf("row %d", at), func(t *testing.T) {
			eachEngine(t, func(t *testing.T, e engine) {
				var good, bad strings.Builder
				good.WriteString(header)
				bad.WriteString(header)
				for i := 1; i <= 12; i++ {
					row := fmt.Sprintf("M%d,0420900%05d,Nguyễn Văn Hùng,1990-05-15,M,18073,H%d,head,\n", i, i, i)
					good.WriteString(row)
					if i == at {
						row = fmt.Sprintf("M%d,0420900%05d,Nguyễn Văn Hùng,1990-13-15,M,18073,H%d,head,\n", i, i, i)
					}
					bad.WriteString(row)
				}
				_, issues, err := importCSV(t, e, bad.String(), false)
				if !errors.Is(err, registry.ErrBatchRejected) {
					t.Fatalf("err = %v, want a rejected batch", err)
				}
				if len(issues) != 1 || issues[0].RecordRef != fmt.Sprintf("M%d", at) || issues[0].Column != "birth_date" {
					t.Errorf("issues = %+v, want one on M%d's birth_date", issues, at)
				}
				for _, table := range []string{"citizens", "citizen_versions", "quality_findings"} {
					if n := tableRows(t, e, table); n != 0 {
						t.Errorf("%s holds %d rows after a rejected batch", table, n)
					}
				}
				info, _, err := importCSV(t, e, good.String(), false)
				if err != nil || info.Stats.Inserted != 12 || tableRows(t, e, "citizen_versions") != 12 {
					t.Fatalf("the next batch: %+v %v", info.Stats, err)
				}
			})
		})
	}
}

// A batch that must look up one of its own earlier rows (a number met
// twice) finds it before its rows reach the register (on PostgreSQL they
// are still staged); a son still links to a father who comes later in the
// batch.
func TestImportInPiecesLinksRelatives(t *testing.T) {
	const h = "record_ref,id_number,full_name,birth_date,sex,permanent_commune,household_ref,relation_to_head,father_name,father_id_number\n"
	eachEngine(t, func(t *testing.T, e engine) {
		batch := h + // chunks of 3 rows
			"P1,042090000123,Nguyễn Văn Hùng,1990-05-15,M,18073,H1,head,,\n" +
			"P2,042095000001,Lê Văn Nam,1995-01-02,M,18073,H2,con,Lê Văn Bình,042065000001\n" +
			"P3,,Trần Văn Ba,1970,M,18073,,,,\n" +
			"P4,042090000123,Nguyễn Văn Hùng,1990-05-15,M,18073,H1,head,,\n" + // P1 again: looked up
			"P5,042065000001,Lê Văn Bình,1965-03-04,M,18073,H2,head,,\n"
		info, issues, err := importCSV(t, e, batch, false)
		if err != nil || len(issues) > 0 {
			t.Fatalf("%v %+v", err, issues)
		}
		if info.Stats.Inserted != 4 || info.Stats.Unchanged != 1 {
			t.Fatalf("stats %+v", info.Stats)
		}
		son, err := e.db.Citizens().CitizenByIDNumber(ctx, "042095000001")
		if err != nil {
			t.Fatal(err)
		}
		father, err := e.db.Citizens().CitizenByIDNumber(ctx, "042065000001")
		if err != nil {
			t.Fatal(err)
		}
		if got := fatherLink(t, e, son); got != father.ID {
			t.Errorf("son's father linked to %q, want %q", got, father.ID)
		}
		if n := tableRows(t, e, "citizen_versions"); n != 4 {
			t.Errorf("%d version rows, want 4", n)
		}
	})
}

// Rows without an ID number wait until the end of the batch; past
// HoldRows they wait in a temporary file. Spilled or not, each is written
// with its own data and a fresh number, and no temporary file is left.
func TestImportSpillsRowsWithoutNumber(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		var b strings.Builder
		b.WriteString(header)
		names := []string{"", "Đỗ Thị Hà", "Lê Thị Lan", "Phạm Thị Mai", "Vũ Thị Hoa", "Trần Thị Thu", "Bùi Thị Ngọc", "Hoàng Thị Yến"}
		for i := 1; i <= 7; i++ {
			b.WriteString(fmt.Sprintf("N%d,,%s,19%02d-0%d-1%d,F,18073,H%d,head,\n", i, names[i], 60+i, i, i, i))
		}
		b.WriteString("N8,042090000123,Nguyễn Văn Hùng,1990-05-15,M,18073,H8,head,\n")
		rd, err := dc01.NewReader(strings.NewReader(b.String()), dc01.CSV, false)
		if err != nil {
			t.Fatal(err)
		}
		im := &registry.Importer{Store: e.db.Citizens(), Units: units.Default(), NewID: newID, Now: e.clock.now}
		info, err := im.Import(ctx, rd, registry.ImportOptions{Source: "spill.csv", Actor: "import:test", ChunkSize: 3, HoldRows: 2})
		if err != nil {
			t.Fatal(err)
		}
		if info.Stats.Inserted != 8 || info.Stats.Assigned != 7 {
			t.Fatalf("stats %+v, want 8 inserted, 7 numbers assigned", info.Stats)
		}
		seen := map[string]bool{}
		for i := 1; i <= 7; i++ {
			var id string
			if err := e.db.SQL().QueryRowContext(ctx, `SELECT id FROM citizens WHERE record_ref = $1`, fmt.Sprintf("N%d", i)).Scan(&id); err != nil {
				t.Fatalf("N%d: %v", i, err)
			}
			c, err := e.db.Citizens().Citizen(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if c.FullName != names[i] || c.BirthDate.Year != 1960+i || c.BirthDate.Month != i || c.HouseholdRef != fmt.Sprintf("H%d", i) {
				t.Errorf("N%d read back as %q born %v household %q", i, c.FullName, c.BirthDate, c.HouseholdRef)
			}
			if len(c.IDNumber) != 12 || seen[c.IDNumber] || c.IDNumber == "042090000123" {
				t.Errorf("N%d got number %q (seen %v)", i, c.IDNumber, seen[c.IDNumber])
			}
			// The numbers are drawn for all held rows at once: each row's
			// must be of its own block (its birth year and sex), not a
			// neighbour's.
			if block, err := registry.BlockFor(units.Default(), c); err != nil || !strings.HasPrefix(c.IDNumber, block) {
				t.Errorf("N%d (born %d) got number %q, not of its block %q (%v)", i, c.BirthDate.Year, c.IDNumber, block, err)
			}
			seen[c.IDNumber] = true
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, "dancu-import-held-*")); len(left) != 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})
}

// schemaAroundCitizens lists citizens' indexes and, on PostgreSQL, every
// foreign key naming citizens, sorted: what a batch into an empty register
// drops for the load (the indexes) or must leave alone (the keys).
func schemaAroundCitizens(t *testing.T, e engine) []string {
	t.Helper()
	q := `SELECT indexdef FROM pg_indexes WHERE tablename = 'citizens'
		UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE confrelid = 'citizens'::regclass
		ORDER BY 1`
	if e.db.Engine() == "sqlite" {
		q = `SELECT sql FROM sqlite_master WHERE tbl_name = 'citizens' AND type = 'index' AND sql IS NOT NULL ORDER BY 1`
	}
	rows, err := e.db.SQL().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// A batch into an empty register drops citizens' secondary and unique
// indexes and builds them after the load: after a rejected batch and after
// a committed one the indexes and foreign keys are the same as before, and
// the keys still refuse what they refused.
func TestImportIntoEmptyRegisterPutsBackKeys(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		before := schemaAroundCitizens(t, e)
		if len(before) < 10 {
			t.Fatalf("schema around citizens: %v, want its indexes", before)
		}
		bad := strings.Replace(goodBatch, "1990-05-15", "1990-13-15", 1)
		if _, _, err := importCSV(t, e, bad, false); !errors.Is(err, registry.ErrBatchRejected) {
			t.Fatalf("err = %v, want a rejected batch", err)
		}
		if got := schemaAroundCitizens(t, e); !slices.Equal(got, before) {
			t.Errorf("after a rejected batch:\n%v\nwant\n%v", got, before)
		}
		if _, _, err := importCSV(t, e, goodBatch, false); err != nil {
			t.Fatal(err)
		}
		if got := schemaAroundCitizens(t, e); !slices.Equal(got, before) {
			t.Errorf("after a committed batch:\n%v\nwant\n%v", got, before)
		}
		var id string
		if err := e.db.SQL().QueryRowContext(ctx, `SELECT id FROM citizens LIMIT 1`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.SQL().ExecContext(ctx, `INSERT INTO citizen_former_names (citizen_id, name_key, full_name) VALUES ('no-such-citizen', 'x', 'X')`); err == nil {
			t.Error("a former name of no citizen was accepted: the foreign key is gone")
		}
		if _, err := e.db.SQL().ExecContext(ctx, `UPDATE citizens SET id = $1 WHERE id <> $1`, id); err == nil {
			t.Error("two citizens took the same id: the unique index on ids is gone")
		}
	})
}

// linksByRef lists each citizen's links as the record refs of the
// relatives: "ref: father mother spouse", "-" for none.
func linksByRef(t *testing.T, e engine) map[string]string {
	t.Helper()
	rows, err := e.db.SQL().QueryContext(ctx, `SELECT c.record_ref, COALESCE(f.record_ref, '-'), COALESCE(m.record_ref, '-'), COALESCE(s.record_ref, '-')
		FROM citizens c LEFT JOIN citizens f ON f.rid = c.father_rid LEFT JOIN citizens m ON m.rid = c.mother_rid LEFT JOIN citizens s ON s.rid = c.spouse_rid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var ref, f, m, s string
		if err := rows.Scan(&ref, &f, &m, &s); err != nil {
			t.Fatal(err)
		}
		out[ref] = f + " " + m + " " + s
	}
	return out
}

// A PostgreSQL batch writes a row straight into citizens when every
// relative it names is among its recent numbers, and stages the others
// for the move (recentNumbers); either way, and on SQLite, each row links
// to the relatives it names wherever they are: earlier or later in the
// batch, in the same chunk, in the register already, or nowhere.
func TestImportLinksRowsWrittenEitherWay(t *testing.T) {
	const h = "record_ref,id_number,full_name,birth_date,sex,permanent_commune,household_ref,relation_to_head,father_name,father_id_number,mother_name,mother_id_number,spouse_name,spouse_id_number\n"
	eachEngine(t, func(t *testing.T, e engine) {
		first := h + // chunks of 3 rows
			"A,042085000001,Nguyễn Văn An,1985-01-01,M,18073,H1,head,,,,,Lê Thị Bé,042188000002\n" + // spouse later in the chunk
			"B,042188000002,Lê Thị Bé,1988-02-02,F,18073,H1,vợ,,,,,Nguyễn Văn An,042085000001\n" + // spouse earlier
			"C,042210000003,Nguyễn Văn Con,2010-03-03,M,18073,H1,con,Nguyễn Văn An,042085000001,Lê Thị Bé,042188000002,,\n" +
			"D,042212000004,Trần Văn Dũng,2012-04-04,M,18073,H2,con,Trần Văn Xa,042060009999,,,,\n" + // father nowhere
			"E,042214000005,Phạm Văn Em,2014-05-05,M,18073,H3,con,Phạm Văn Phụ,042070000006,,,,\n" + // father in a later chunk
			"Y,042192000009,Võ Thị Yến,1992-10-10,F,18073,H5,head,,,,,,\n" +
			"F,042070000006,Phạm Văn Phụ,1970-06-06,M,18073,H3,head,,,,,,\n" +
			"G,,Phạm Thị Gái,2016-07-07,F,18073,H3,con,Phạm Văn Phụ,042070000006,,,,\n" // drawn a number at the end
		if _, issues, err := importCSV(t, e, first, false); err != nil || len(issues) > 0 {
			t.Fatalf("%v %+v", err, issues)
		}
		second := h +
			"K,042318000007,Nguyễn Thị Kim,2018-08-08,F,18073,H1,con,Nguyễn Văn An,042085000001,Lê Thị Bé,042188000002,,\n" + // parents in the register
			"L,042090000008,Nguyễn Văn Lâm,1990-09-09,M,18073,H4,head,,,,,Nguyễn Thị Kim,042318000007\n" // spouse earlier in this batch
		if _, issues, err := importCSV(t, e, second, false); err != nil || len(issues) > 0 {
			t.Fatalf("%v %+v", err, issues)
		}
		want := map[string]string{
			"A": "- - B", "B": "- - A", "C": "A B -", "D": "- - -", "E": "F - -", "Y": "- - -", "F": "- - -", "G": "F - -",
			"K": "A B -", "L": "- - K",
		}
		if got := linksByRef(t, e); !maps.Equal(got, want) {
			t.Errorf("links (father mother spouse):\n%v\nwant\n%v", got, want)
		}
	})
}

// A PostgreSQL batch writes each chunk in the background while the next is
// laid out, so a chunk the database refuses reports its error from a later
// call (the next Insert, a look-up, the number draw or Commit). Whichever
// call it is, the batch fails whole, and the pooled connection serves the
// next batch. The database refuses a repeated opaque id (the importer's
// NewID gives each row a fresh one; here it repeats one on purpose).
func TestImportChunkRefusedLaterFailsBatch(t *testing.T) {
	const rows = 12 // chunks of 3
	for _, tc := range []struct {
		name   string
		repeat int    // the row whose id repeats row 1's
		extra  string // a row after the others
	}{
		{"the next insert reports it", 4, ""},
		{"commit reports it", rows, ""},
		{"the number draw reports it", rows, "Z1,,Trần Văn Ba,1970,M,18073,,,\n"},
		{"the look-up of a repeated number reports it", rows, "Z2,042090000010,Nguyễn Văn Hùng,1990-05-15,M,18073,H10,head,\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T, e engine) {
				var body strings.Builder
				body.WriteString(header)
				for i := 1; i <= rows; i++ {
					fmt.Fprintf(&body, "M%d,0420900%05d,Nguyễn Văn Hùng,1990-05-15,M,18073,H%d,head,\n", i, i, i)
				}
				good := body.String()
				body.WriteString(tc.extra)
				rd, err := dc01.NewReader(strings.NewReader(body.String()), dc01.CSV, false)
				if err != nil {
					t.Fatal(err)
				}
				n, first := 0, ""
				repeatedID := func() string { // ids go to valid rows in file order
					n++
					switch n {
					case 1:
						first = newID()
						return first
					case tc.repeat:
						return first
					}
					return newID()
				}
				im := &registry.Importer{Store: e.db.Citizens(), Units: units.Default(), NewID: repeatedID, Now: e.clock.now}
				_, err = im.Import(ctx, rd, registry.ImportOptions{Source: "test.csv", Actor: "import:test",
					AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ChunkSize: 3})
				if err == nil {
					t.Fatal("a batch with a repeated id committed")
				}
				for _, table := range []string{"citizens", "citizen_versions", "quality_findings"} {
					if n := tableRows(t, e, table); n != 0 {
						t.Errorf("%s holds %d rows after a failed batch", table, n)
					}
				}
				if info, _, err := importCSV(t, e, good, false); err != nil || info.Stats.Inserted != rows {
					t.Fatalf("the next batch: %+v %v", info.Stats, err)
				}
			})
		})
	}
}

// TestImportRidPoolAcrossChunks: a PostgreSQL batch takes rids from a pool
// refilled from the sequence; with a pool smaller than a chunk (refilled
// for each) and one that leaves rids over between chunks, every row's
// version row is its own (same rid) and the links come out as the rows
// name them, both for rows laid out ahead and for the rows drawn a number
// at the end (looked up, staged in the background).
func TestImportRidPoolAcrossChunks(t *testing.T) {
	const h = "record_ref,id_number,full_name,birth_date,sex,permanent_commune,household_ref,relation_to_head,father_name,father_id_number,mother_name,mother_id_number,spouse_name,spouse_id_number\n"
	body := h + // chunks of 3 rows
		"A,042085000001,Nguyễn Văn An,1985-01-01,M,18073,H1,head,,,,,Lê Thị Bé,042188000002\n" +
		"B,042188000002,Lê Thị Bé,1988-02-02,F,18073,H1,vợ,,,,,Nguyễn Văn An,042085000001\n" +
		"C,042210000003,Nguyễn Văn Con,2010-03-03,M,18073,H1,con,Nguyễn Văn An,042085000001,Lê Thị Bé,042188000002,,\n" +
		"G,,Nguyễn Thị Gái,2016-07-07,F,18073,H1,con,Nguyễn Văn An,042085000001,Lê Thị Bé,042188000002,,\n" +
		"E,042214000005,Phạm Văn Em,2014-05-05,M,18073,H3,con,Phạm Văn Phụ,042070000006,,,,\n" +
		"F,042070000006,Phạm Văn Phụ,1970-06-06,M,18073,H3,head,,,,,,\n" +
		"I,,Phạm Thị Út,2017-07-07,F,18073,H3,con,Phạm Văn Phụ,042070000006,,,,\n" +
		"Y,042192000009,Võ Thị Yến,1992-10-10,F,18073,H5,head,,,,,,\n"
	want := map[string]string{"A": "- - B", "B": "- - A", "C": "A B -", "G": "A B -", "E": "F - -", "F": "- - -", "I": "F - -", "Y": "- - -"}
	for _, pool := range []int{2, 4} {
		t.Run(fmt.Sprintf("pool %d", pool), func(t *testing.T) {
			defer sqlstore.SetRidPoolSize(pool)()
			eachEngine(t, func(t *testing.T, e engine) {
				if _, issues, err := importCSV(t, e, body, false); err != nil || len(issues) > 0 {
					t.Fatalf("%v %+v", err, issues)
				}
				if got := linksByRef(t, e); !maps.Equal(got, want) {
					t.Errorf("links (father mother spouse):\n%v\nwant\n%v", got, want)
				}
				for ref := range want {
					var id string
					if err := e.db.SQL().QueryRowContext(ctx, `SELECT id FROM citizens WHERE record_ref = $1`, ref).Scan(&id); err != nil {
						t.Fatalf("%s: %v", ref, err)
					}
					c, err := e.db.Citizens().Citizen(ctx, id)
					if err != nil || c.RecordRef != ref {
						t.Errorf("%s: read back as %q (%v): its version row is another's", ref, c.RecordRef, err)
					}
				}
			})
		})
	}
}
