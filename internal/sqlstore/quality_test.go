package sqlstore_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/quality"
	"dancu/internal/registry"
	"dancu/internal/synth"
	"dancu/internal/wire"
)

// findingKeys lists the stored findings as "citizen code subject", sorted.
func findingKeys(t *testing.T, e engine) []string {
	t.Helper()
	page, err := e.db.Quality().Findings(ctx, quality.FindingQuery{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range page.Items {
		out = append(out, f.CitizenID+" "+f.Code+" "+f.Subject)
	}
	sort.Strings(out)
	return out
}

func codesOf(t *testing.T, e engine, id string) []string {
	t.Helper()
	page, err := e.db.Quality().Findings(ctx, quality.FindingQuery{CitizenID: id, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range page.Items {
		out = append(out, f.Code)
	}
	return out
}

// qualityCitizen is clean on its own: it breaks no record rule.
func qualityCitizen(number string, born pdate.Date, sex registry.Sex, household, relation string) registry.Citizen {
	ht := registry.Place{Code: "42", List: "2025-07-01"}
	return registry.Citizen{ID: newID(), IDNumber: number, FullName: "Nguyễn Văn Hùng", BirthDate: born, Sex: sex,
		Status: registry.Alive, Ethnicity: "01", Religion: "00", Nationality: "VN", BirthRegistration: ht, Hometown: ht,
		Permanent: registry.Residence{Commune: "18073", Province: "42"}, HouseholdRef: household, RelationToHead: relation}
}

// TestQualityOnChange: every write re-checks the record and the groups it
// touches, in the same transaction, and a full re-scan agrees.
func TestQualityOnChange(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		father, err := wire.Register(e.db).Create(ctx, qualityCitizen("042085000001", pdate.Full(1985, 1, 1), registry.Male, "H1", "head"), officer)
		if err != nil {
			t.Fatal(err)
		}
		if got := codesOf(t, e, father.ID); len(got) != 0 {
			t.Fatalf("clean record has findings %v", got)
		}
		kid := qualityCitizen("042080000002", pdate.Full(1980, 1, 1), registry.Male, "H1", "head")
		kid.Father.IDNumber = father.IDNumber
		kid, err = wire.Register(e.db).Create(ctx, kid, officer)
		if err != nil {
			t.Fatal(err)
		}
		// The child is born before its father, and H1 now has two heads.
		if got := codesOf(t, e, kid.ID); !slices.Contains(got, quality.CodeChildBeforeParent) || !slices.Contains(got, quality.CodeHouseholdManyHeads) {
			t.Errorf("child findings %v", got)
		}
		if got := codesOf(t, e, father.ID); !slices.Equal(got, []string{quality.CodeHouseholdManyHeads}) {
			t.Errorf("father findings %v", got)
		}
		// Correcting the father's birth date re-checks his children.
		father, err = wire.Register(e.db).Update(ctx, father.ID, father.Version, func(c *registry.Citizen) error {
			c.BirthDate, c.IDNumber = pdate.Full(1955, 1, 1), "042055000001"
			return nil
		}, officer)
		if err != nil {
			t.Fatal(err)
		}
		// The father's number changed, so the child's reference no longer
		// names him: fix it, and the relation.
		kid, err = wire.Register(e.db).Update(ctx, kid.ID, kid.Version, func(c *registry.Citizen) error {
			c.Father.IDNumber, c.RelationToHead = "042055000001", "child"
			return nil
		}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if got := findingKeys(t, e); len(got) != 0 {
			t.Errorf("after the corrections: %v", got)
		}
		// Now make the father too young through his own record only.
		father, err = wire.Register(e.db).Update(ctx, father.ID, father.Version, func(c *registry.Citizen) error {
			c.BirthDate = pdate.Full(1975, 1, 1)
			return nil
		}, officer)
		if err != nil {
			t.Fatal(err)
		}
		if got := codesOf(t, e, kid.ID); !slices.Equal(got, []string{quality.CodeParentTooYoung}) {
			t.Errorf("child after father's change: %v", got)
		}
		// A death recorded through the register's service deletes the
		// residence registration (registry.SettleResidence): the rule
		// dead_with_residence has nothing to flag.
		father, err = wire.Register(e.db).Update(ctx, father.ID, father.Version, func(c *registry.Citizen) error {
			c.Status, c.DeathDate = registry.Dead, pdate.Full(2025, 3, 1)
			return nil
		}, officer)
		if err != nil {
			t.Fatal(err)
		}
		got := codesOf(t, e, father.ID)
		if slices.Contains(got, quality.CodeDeadWithResidence) || father.Permanent.DeletedFor != registry.DeletedForDeath {
			t.Errorf("dead father: %v, residence %+v", got, father.Permanent)
		}
		// H1's only living member is the child, who is not its head.
		if got := codesOf(t, e, kid.ID); !slices.Contains(got, quality.CodeHouseholdNoHead) {
			t.Errorf("child in a headless household: %v", got)
		}
		// Replacing a number re-checks its groups too.
		other, err := wire.Register(e.db).Create(ctx, qualityCitizen("042090000333", pdate.Full(1990, 1, 1), registry.Male, "H9", "head"), officer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := wire.Register(e.db).ReplaceIDNumber(ctx, other.ID, "042090000334", officer); err != nil {
			t.Fatal(err)
		}
		incremental := findingKeys(t, e)
		res, err := e.db.Quality().ScanQuality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Records != 3 || res.Findings != len(incremental) {
			t.Errorf("scan %+v, incremental %v", res, incremental)
		}
		if scanned := findingKeys(t, e); !slices.Equal(scanned, incremental) {
			t.Errorf("re-scan\n%v\ndiffers from incremental\n%v", scanned, incremental)
		}
	})
}

const qualityHeader = "record_ref,id_number,full_name,birth_date,sex,ethnicity,religion,birth_registration_place,hometown,permanent_commune,household_ref,relation_to_head,father_id_number,old_id_number,death_date\n"

// TestQualityImport: rules run on imported rows, into an empty register
// (one in-memory scan) and into a populated one (the touched groups).
func TestQualityImport(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		first := qualityHeader +
			"Q1,042085000001,Nguyễn Văn Hùng,1985-01-01,M,01,00,42,42,18073,H1,head,,111111111,\n" +
			"Q2,,Nguyễn Văn An,1980,M,01,00,42,42,18073,H1,con,042085000001,,\n" +
			"Q3,042190000003,Trần Thị Lan,1990-03-03,F,01,00,42,42,18073,H2,chủ hộ,,,2024-01-01\n"
		if _, _, err := importCSV(t, e, first, false); err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, k := range findingKeys(t, e) {
			count[strings.Fields(k)[1]]++
		}
		want := map[string]int{quality.CodeChildBeforeParent: 1, quality.CodeDatePartial: 1,
			quality.CodeDeadWithResidence: 1, quality.CodeHouseholdNoHead: 0}
		for code, n := range want {
			if count[code] != n {
				t.Errorf("first batch: %s × %d, want %d (all %v)", code, count[code], n, count)
			}
		}
		// Into a populated register: a second head for H1 and a second
		// holder of CMND 111111111 touch records of the first batch.
		second := qualityHeader + "Q4,042088000004,Lê Văn Bình,1988-04-04,M,01,00,42,42,18073,H1,head,,111111111,\n"
		if _, _, err := importCSV(t, e, second, false); err != nil {
			t.Fatal(err)
		}
		count = map[string]int{}
		for _, k := range findingKeys(t, e) {
			count[strings.Fields(k)[1]]++
		}
		if count[quality.CodeHouseholdManyHeads] != 2 || count[quality.CodeDuplicateOldNumber] != 2 {
			t.Errorf("second batch: %v", count)
		}
		before := findingKeys(t, e)
		if _, err := e.db.Quality().ScanQuality(ctx); err != nil {
			t.Fatal(err)
		}
		if after := findingKeys(t, e); !slices.Equal(before, after) {
			t.Errorf("re-scan\n%v\ndiffers from import\n%v", after, before)
		}
	})
}

func TestQualityMetrics(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		var thanhSen []registry.Citizen
		for i, c := range []registry.Citizen{
			qualityCitizen("042085000001", pdate.Full(1985, 1, 1), registry.Male, "H1", "head"),
			qualityCitizen("042190000002", pdate.Date{Year: 1990}, registry.Female, "H1", "spouse"), // warning only
			qualityCitizen("", pdate.Full(2000, 1, 1), registry.Male, "H2", "child"),                // no head: error
		} {
			if i == 2 {
				c.Religion = "" // a missing field (warning)
			}
			created, err := wire.Register(e.db).Create(ctx, c, officer)
			if err != nil {
				t.Fatal(err)
			}
			thanhSen = append(thanhSen, created)
		}
		hanoi := qualityCitizen("001085000111", pdate.Full(1985, 3, 3), registry.Male, "", "")
		hanoi.Permanent = registry.Residence{Commune: "00004", Province: "01"}
		hanoi.BirthRegistration = registry.Place{Code: "01", List: "2025-07-01"}
		hanoi.Hometown = hanoi.BirthRegistration
		hanoi, err := wire.Register(e.db).Create(ctx, hanoi, officer)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := e.db.Quality().QualityMetrics(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		byUnit := map[string]quality.Metrics{}
		for _, m := range ms {
			byUnit[m.Unit] = m
		}
		all, ht, ts := byUnit[""], byUnit["42"], byUnit["18073"]
		if all.Records != 4 || ht.Records != 3 || ts.Records != 3 || byUnit["01"].Records != 1 {
			t.Fatalf("records: %+v", ms)
		}
		if ts.WithIDNumber != 2 || ts.Valid != 1 || ts.Clean != 2 || ts.Errors != 1 || ts.Warnings != 2 || ts.FieldsMissing != 1 || ts.OpenDuplicates != 0 {
			t.Errorf("Thành Sen: %+v", ts)
		}
		if ts.PctClean != 66.67 || ts.PctWithID != 66.67 || ts.PctValid != 33.33 {
			t.Errorf("Thành Sen percentages: %+v", ts)
		}
		var districts int
		for _, m := range ms {
			if m.Level == "district" {
				districts++
			}
		}
		if districts != 2 {
			t.Errorf("districts of the 2025-03-01 list: %d, want 2 (%+v)", districts, ms)
		}
		// Open duplicate candidates come from the review queue (migration
		// 0004), by the records' current communes: a pair across two
		// communes counts in both, but once in any unit above them.
		now := e.clock.now()
		var at any = now.Format("2006-01-02T15:04:05.000000Z")
		if e.db.Engine() == "postgres" {
			at = now
		}
		for i, p := range []struct {
			left, right registry.Citizen
			status      string
		}{
			{thanhSen[0], hanoi, "open"},         // across two provinces
			{thanhSen[1], hanoi, "not_same"},     // decided: not counted
			{thanhSen[0], thanhSen[2], "open"},   // inside Thành Sen
			{thanhSen[1], thanhSen[2], "merged"}, // decided: not counted
		} {
			if _, err := e.db.SQL().ExecContext(ctx, `INSERT INTO duplicate_candidates (id, pair_key, left_id, right_id, score, decision, status, run_id, left_unit, right_unit, created_at)
				VALUES ($1, $2, $3, $4, 20, 'review', $5, 'run', $6, $7, $8)`, fmt.Sprint("d", i), fmt.Sprint("pair", i), p.left.ID, p.right.ID, p.status,
				p.left.Permanent.Commune, p.right.Permanent.Commune, at); err != nil {
				t.Fatal(err)
			}
		}
		ms, err = e.db.Quality().QualityMetrics(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			byUnit[m.Unit] = m
		}
		for unit, want := range map[string]int{"18073": 2, "00004": 1, "42": 2, "01": 1, "": 2} {
			if got := byUnit[unit].OpenDuplicates; got != want {
				t.Errorf("open duplicate pairs of unit %q: %d, want %d", unit, got, want)
			}
		}
		for _, m := range ms {
			if m.Level == "district" && m.OpenDuplicates > 2 {
				t.Errorf("district %s counts %d open pairs; only 2 are open", m.Unit, m.OpenDuplicates)
			}
		}
		one, err := e.db.Quality().QualityMetrics(ctx, "18073")
		if err != nil || len(one) != 1 || one[0].Unit != "18073" {
			t.Errorf("one commune: %+v %v", one, err)
		}
		prov, err := e.db.Quality().QualityMetrics(ctx, "01")
		if err != nil || len(prov) < 2 || prov[0].Unit != "01" {
			t.Errorf("province 01: %+v %v", prov, err)
		}
		if _, err := e.db.Quality().QualityMetrics(ctx, "1"); err == nil {
			t.Error("a malformed unit is accepted")
		}
		page, err := e.db.Quality().Findings(ctx, quality.FindingQuery{Unit: "42", Severity: "error", Limit: 10})
		if err != nil || len(page.Items) != 1 || page.Items[0].Code != quality.CodeHouseholdNoHead {
			t.Errorf("errors in 42: %+v %v", page, err)
		}
		page, err = e.db.Quality().Findings(ctx, quality.FindingQuery{Unit: "01", Limit: 10})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("findings in 01: %+v %v", page, err)
		}
		page, err = e.db.Quality().Findings(ctx, quality.FindingQuery{Limit: 1})
		if err != nil || len(page.Items) != 1 || !page.More {
			t.Errorf("paging: %+v %v", page, err)
		}
	})
}

// storedFindings lists every stored finding whole, sorted.
func storedFindings(t *testing.T, e engine) []string {
	t.Helper()
	rows, err := e.db.SQL().QueryContext(ctx, `SELECT citizen_id, code, severity, scope, subject, fields, message_vi, message_en,
		COALESCE(record_ref, ''), commune, province FROM quality_findings`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		v := make([]string, 11)
		dest := make([]any, len(v))
		for i := range v {
			dest[i] = &v[i]
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join(v, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// TestInitialLoadFindingsEqualRescan: the findings an initial load of a
// generated population stores (its scanner spills nothing at this size,
// the quality package tests the spilled runs) are exactly those of a full
// re-scan of the loaded register, on both engines.
func TestInitialLoadFindingsEqualRescan(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "population.csv")
	if _, err := synth.WriteFile(file, synth.Options{Province: "42", People: 2000, Seed: 9, DuplicateRate: 0.05}, ""); err != nil {
		t.Fatal(err)
	}
	eachEngine(t, func(t *testing.T, e engine) {
		importGenerated(t, e, file, 300)
		loaded := storedFindings(t, e)
		res, err := e.db.Quality().ScanQuality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		scanned := storedFindings(t, e)
		if res.Findings != len(scanned) {
			t.Errorf("the scan reports %d findings and stored %d", res.Findings, len(scanned))
		}
		cross := 0
		for _, l := range scanned {
			if scope := strings.Split(l, "|")[3]; scope != string(quality.ScopeRecord) {
				cross++
			}
		}
		if cross == 0 || len(scanned) == cross {
			t.Fatalf("%d findings, %d cross-record: the population tests too little (%v)", len(scanned), cross, res.ByCode)
		}
		if !slices.Equal(loaded, scanned) {
			t.Errorf("the initial load stored %d findings, the re-scan %d", len(loaded), len(scanned))
			for i := 0; i < min(len(loaded), len(scanned)); i++ {
				if loaded[i] != scanned[i] {
					t.Errorf("first difference:\nload %s\nscan %s", loaded[i], scanned[i])
					break
				}
			}
		}
	})
}
