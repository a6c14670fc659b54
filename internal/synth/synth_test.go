package synth

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"dancu/internal/dc01"
	"dancu/internal/idnumber"
	"dancu/internal/units"
)

// result is everything one run produced.
type result struct {
	rows  []dc01.Row
	truth []Truth
	dup   map[string]bool // record_refs of duplicate forms
	byRef map[string]*dc01.Row
}

func run(t testing.TB, opts Options) *result {
	t.Helper()
	res := &result{dup: map[string]bool{}, byRef: map[string]*dc01.Row{}}
	err := Generate(opts, func(r *dc01.Row) error {
		res.rows = append(res.rows, *r)
		return nil
	}, func(tr Truth) error {
		res.truth = append(res.truth, tr)
		res.dup[tr.RightRef] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.rows {
		res.byRef[res.rows[i].RecordRef()] = &res.rows[i]
	}
	return res
}

// originals returns the rows that are not re-collected duplicates.
func (res *result) originals() []*dc01.Row {
	var out []*dc01.Row
	for i := range res.rows {
		if !res.dup[res.rows[i].RecordRef()] {
			out = append(out, &res.rows[i])
		}
	}
	return out
}

// Shared runs: generating is fast, but several tests look at the same data.
var (
	big20k = Options{Province: "42", People: 20_000, Seed: 42, DuplicateRate: 0.1}
	cache  = map[Options]*result{}
)

func cached(t *testing.T, o Options) *result {
	if r, ok := cache[o]; ok {
		return r
	}
	r := run(t, o)
	cache[o] = r
	return r
}

func birthYear(t testing.TB, s string) int {
	t.Helper()
	y, err := strconv.Atoi(s[:4])
	if err != nil {
		t.Fatalf("birth_date %q", s)
	}
	return y
}

func TestDeterminism(t *testing.T) {
	tests := []struct {
		name      string
		a, b      Options
		wantEqual bool
	}{
		{"same options", Options{Province: "42", People: 3000, Seed: 1, DuplicateRate: 0.1}, Options{Province: "42", People: 3000, Seed: 1, DuplicateRate: 0.1}, true},
		{"other seed", Options{Province: "42", People: 3000, Seed: 1, DuplicateRate: 0.1}, Options{Province: "42", People: 3000, Seed: 2, DuplicateRate: 0.1}, false},
		{"merged province", Options{Province: "44", People: 2000, Seed: 9, DuplicateRate: 0.2}, Options{Province: "44", People: 2000, Seed: 9, DuplicateRate: 0.2}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := run(t, tc.a), run(t, tc.b)
			equal := reflect.DeepEqual(a.rows, b.rows) && reflect.DeepEqual(a.truth, b.truth)
			if equal != tc.wantEqual {
				t.Fatalf("runs equal = %v, want %v", equal, tc.wantEqual)
			}
		})
	}
}

var (
	reDate  = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
	rePhone = regexp.MustCompile(`^0[35789]\d{8}$`)
	reOldID = regexp.MustCompile(`^\d{9}$`)
	reRef   = regexp.MustCompile(`^42-\d{5}-\d{6}$`)
	reHH    = regexp.MustCompile(`^42-\d{5}-H\d{6}$`)
)

func TestRowsAreValid(t *testing.T) {
	res := cached(t, big20k)
	communes := map[string]bool{}
	for _, u := range units.Default().Communes(units.List2025July, "42") {
		communes[u.Code] = true
	}
	seen := map[string]bool{}
	ids := map[string]string{}
	mismatch := 0
	for i := range res.rows {
		r := &res.rows[i]
		ref := r.RecordRef()
		for _, c := range []string{"record_ref", "full_name", "birth_date", "sex"} {
			if r.Get(c) == "" {
				t.Fatalf("%s: required %s empty", ref, c)
			}
		}
		if seen[ref] {
			t.Fatalf("record_ref %s repeated", ref)
		}
		seen[ref] = true
		// A re-collected form may leave the household blank (nohousehold).
		if hh := r.Get("household_ref"); !reRef.MatchString(ref) || !(reHH.MatchString(hh) || (hh == "" && res.dup[ref])) {
			t.Fatalf("bad refs %s / %s", ref, r.Get("household_ref"))
		}
		for _, c := range []string{"permanent_commune", "temporary_commune", "current_commune"} {
			if v := r.Get(c); v != "" && !communes[v] {
				t.Fatalf("%s: %s %s is not a commune of province 42", ref, c, v)
			}
		}
		for j, v := range r.Values {
			if !norm.NFC.IsNormalString(v) || strings.TrimSpace(v) != v || strings.Contains(v, "  ") {
				t.Fatalf("%s: %s not clean NFC: %q", ref, dc01.Columns[j], v)
			}
		}
		if s := r.Get("sex"); s != "M" && s != "F" {
			t.Fatalf("%s: sex %q", ref, s)
		}
		if !reDate.MatchString(r.Get("birth_date")) {
			t.Fatalf("%s: birth_date %q", ref, r.Get("birth_date"))
		}
		if d := r.Get("death_date"); d != "" && (!reDate.MatchString(d) || d < r.Get("birth_date")) {
			t.Fatalf("%s: death_date %q", ref, d)
		}
		if p := r.Get("phone"); p != "" && !rePhone.MatchString(p) {
			t.Fatalf("%s: phone %q", ref, p)
		}
		if o := r.Get("old_id_number"); o != "" && !reOldID.MatchString(o) {
			t.Fatalf("%s: old_id_number %q", ref, o)
		}
		if e := r.Get("ethnicity"); len(e) != 2 || e < "01" || e > "54" {
			t.Fatalf("%s: ethnicity %q", ref, e)
		}
		if id := r.Get("id_number"); id != "" {
			sex := idnumber.Female
			if r.Get("sex") == "M" {
				sex = idnumber.Male
			}
			if ws := idnumber.Check(id, birthYear(t, r.Get("birth_date")), sex, ""); len(ws) > 0 {
				// Only the deliberate year typos (0.1%) may disagree, and
				// re-collected forms whose year is one off (yearoff).
				if len(ws) != 1 || ws[0].Code != idnumber.CodeBirthYearMismatch {
					t.Fatalf("%s: %s: %v", ref, id, ws)
				}
				if !res.dup[ref] {
					mismatch++
				}
			}
			if other, ok := ids[id]; ok && !res.dup[ref] && !res.dup[other] {
				t.Fatalf("id %s shared by %s and %s", id, other, ref)
			}
			ids[id] = ref
		}
	}
	if mismatch > len(res.rows)/200 {
		t.Errorf("%d rows with a birth year disagreeing with the ID, want <= 0.5%%", mismatch)
	}
}

func TestHouseholdStructure(t *testing.T) {
	res := cached(t, big20k)
	type hh struct {
		heads   int
		members []*dc01.Row
	}
	households := map[string]*hh{}
	var order []string
	for _, r := range res.originals() {
		k := r.Get("household_ref")
		h := households[k]
		if h == nil {
			h = &hh{}
			households[k] = h
			order = append(order, k)
		}
		if r.Get("relation_to_head") == "head" {
			h.heads++
		}
		h.members = append(h.members, r)
	}
	checked := 0
	for _, k := range order {
		h := households[k]
		if h.heads != 1 {
			t.Fatalf("household %s has %d heads", k, h.heads)
		}
		head := h.members[0]
		byID := map[string]*dc01.Row{}
		for _, m := range h.members {
			if id := m.Get("id_number"); id != "" {
				byID[id] = m
			}
			if m.Get("household_head_name") != head.Get("full_name") || m.Get("household_head_id_number") != head.Get("id_number") {
				t.Fatalf("%s: head fields do not match the head row", m.RecordRef())
			}
			if m.Get("marital_status") == "married" && m.Get("spouse_name") == "" {
				t.Fatalf("%s: married without spouse", m.RecordRef())
			}
		}
		for _, m := range h.members {
			rel := m.Get("relation_to_head")
			for _, p := range []struct{ name, id, sex string }{{"father_name", "father_id_number", "M"}, {"mother_name", "mother_id_number", "F"}} {
				parent := byID[m.Get(p.id)]
				if m.Get(p.id) == "" || parent == nil {
					continue
				}
				checked++
				if parent.Get("full_name") != m.Get(p.name) || parent.Get("sex") != p.sex {
					t.Fatalf("%s: %s %q does not match row %s", m.RecordRef(), p.name, m.Get(p.name), parent.RecordRef())
				}
				gap := birthYear(t, m.Get("birth_date")) - birthYear(t, parent.Get("birth_date"))
				if gap < minParentAge-1 || gap > maxParentAge+2 { // year-only arithmetic and rare year typos
					t.Fatalf("%s: parent %s only %d years older", m.RecordRef(), parent.RecordRef(), gap)
				}
			}
			if rel == "child" && head.Get("sex") == "M" && m.Get("father_id_number") == head.Get("id_number") && head.Get("id_number") != "" {
				if !strings.HasPrefix(m.Get("full_name"), strings.Fields(head.Get("full_name"))[0]+" ") {
					t.Fatalf("%s: child does not carry the father's surname", m.RecordRef())
				}
			}
			if sp := byID[m.Get("spouse_id_number")]; sp != nil && sp.Get("spouse_name") != m.Get("full_name") {
				t.Fatalf("%s: spouse links are not mutual", m.RecordRef())
			}
		}
	}
	if checked < 5000 {
		t.Fatalf("only %d parent links checked", checked)
	}
}

func TestAgePyramid(t *testing.T) {
	res := cached(t, big20k)
	var ages []int
	under15, over60 := 0, 0
	for _, r := range res.originals() {
		a := 2025 - birthYear(t, r.Get("birth_date"))
		ages = append(ages, a)
		if a < 15 {
			under15++
		}
		if a >= 60 {
			over60++
		}
	}
	n := float64(len(ages))
	bands := make([]float64, len(agePyramid))
	for _, a := range ages {
		bands[min(a/5, len(bands)-1)] += 100 / n
	}
	for i, want := range agePyramid {
		if d := bands[i] - want; d < -2 || d > 2 {
			t.Errorf("ages %d-%d: %.1f%%, target %.1f%% ± 2", 5*i, 5*i+4, bands[i], want)
		}
	}
	slices.Sort(ages)
	median := ages[len(ages)/2]
	checks := []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"share under 15", float64(under15) / n, 0.21, 0.27},
		{"share 60+", float64(over60) / n, 0.10, 0.145},
		{"median age", float64(median), 29, 35},
	}
	for _, c := range checks {
		t.Logf("%s = %.3f", c.name, c.got)
		if c.got < c.min || c.got > c.max {
			t.Errorf("%s = %.3f, want %.3f..%.3f", c.name, c.got, c.min, c.max)
		}
	}
}

func TestNameShares(t *testing.T) {
	res := cached(t, big20k)
	nguyen, van, thi, male, female, dead := 0, 0, 0, 0, 0, 0
	rows := res.originals()
	for _, r := range rows {
		w := strings.Fields(r.Get("full_name"))
		if w[0] == "Nguyễn" {
			nguyen++
		}
		if r.Get("sex") == "M" {
			male++
			if len(w) > 2 && w[1] == "Văn" {
				van++
			}
		} else {
			female++
			if len(w) > 2 && w[1] == "Thị" {
				thi++
			}
		}
		if r.Get("death_date") != "" {
			dead++
		}
	}
	n := float64(len(rows))
	checks := []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"Nguyễn", float64(nguyen) / n, 0.30, 0.38},
		{"Văn among men", float64(van) / float64(male), 0.25, 0.50},
		{"Thị among women", float64(thi) / float64(female), 0.30, 0.60},
		{"dead", float64(dead) / n, 0.003, 0.008},
	}
	for _, c := range checks {
		t.Logf("%s share = %.3f", c.name, c.got)
		if c.got < c.min || c.got > c.max {
			t.Errorf("%s share = %.3f, want %.3f..%.3f", c.name, c.got, c.min, c.max)
		}
	}
}

func TestDuplicates(t *testing.T) {
	res := cached(t, big20k)
	people := len(res.rows) - len(res.truth)
	if people != big20k.People {
		t.Fatalf("%d distinct people, want %d", people, big20k.People)
	}
	rate := float64(len(res.truth)) / float64(people)
	if rate < 0.09 || rate > 0.11 {
		t.Fatalf("duplicate rate %.3f, want 0.1 ± 0.01", rate)
	}
	pos := map[string]int{}
	for i := range res.rows {
		pos[res.rows[i].RecordRef()] = i
	}
	changed := 0
	for _, tr := range res.truth {
		l, r := res.byRef[tr.LeftRef], res.byRef[tr.RightRef]
		if l == nil || r == nil {
			t.Fatalf("truth %v refers to a missing record", tr)
		}
		if res.dup[tr.LeftRef] {
			t.Fatalf("truth %v: left side is itself a duplicate", tr)
		}
		if pos[tr.LeftRef] >= pos[tr.RightRef] {
			t.Fatalf("truth %v: duplicate emitted before its original", tr)
		}
		if l.Get("sex") != r.Get("sex") || (l.Get("birth_date")[:4] != r.Get("birth_date")[:4] && !slices.Contains(tr.Classes, "yearoff")) {
			t.Fatalf("truth %v: sex or birth year changed", tr)
		}
		diff := 0
		for _, c := range []string{"full_name", "birth_date", "id_number", "father_name", "permanent_address", "temporary_commune", "phone", "mother_name"} {
			if l.Get(c) != r.Get(c) {
				diff++
			}
		}
		if diff > 0 {
			changed++
		}
	}
	if changed < len(res.truth)*95/100 {
		t.Fatalf("only %d of %d duplicates differ from their original", changed, len(res.truth))
	}
	if n := run(t, Options{Province: "42", People: 2000, Seed: 3}); len(n.truth) != 0 {
		t.Fatalf("DuplicateRate 0 gave %d duplicates", len(n.truth))
	}
}

func TestHardNegatives(t *testing.T) {
	res := cached(t, big20k)
	rows := res.originals()

	// Twins: same parents and birth date in one household, different names.
	type key struct{ hh, father, mother, birth string }
	groups := map[key][]string{}
	for _, r := range rows {
		if len(r.Get("birth_date")) != 10 || r.Get("father_name") == "" {
			continue
		}
		k := key{r.Get("household_ref"), r.Get("father_name"), r.Get("mother_name"), r.Get("birth_date")}
		groups[k] = append(groups[k], r.Get("full_name"))
	}
	twins := 0
	for _, names := range groups {
		if len(names) == 2 && names[0] != names[1] {
			twins++
		}
	}
	// Father/son namesakes: a child named exactly as the father.
	namesakes := 0
	for _, r := range rows {
		if r.Get("relation_to_head") == "child" && r.Get("full_name") == r.Get("father_name") && r.Get("father_id_number") != "" {
			namesakes++
		}
	}
	// Unrelated people with one common name and birth year, in different households.
	common := map[string]map[string]bool{}
	for _, r := range rows {
		if n := r.Get("full_name"); n == "Nguyễn Văn Hùng" || n == "Nguyễn Thị Hương" {
			k := n + "/" + r.Get("birth_date")[:4]
			if common[k] == nil {
				common[k] = map[string]bool{}
			}
			common[k][r.Get("household_ref")] = true
		}
	}
	clusters := 0
	for _, hhs := range common {
		if len(hhs) >= 2 {
			clusters++
		}
	}
	t.Logf("%d twin pairs, %d father/son namesakes, %d same-name-same-year clusters", twins, namesakes, clusters)
	if twins < 10 || namesakes < 5 || clusters < 3 {
		t.Fatalf("hard negatives: %d twin pairs, %d father/son namesakes, %d same-name-same-year clusters; want >= 10, 5, 3",
			twins, namesakes, clusters)
	}
}

func TestMergedProvincePrefixes(t *testing.T) {
	// New Quảng Trị (44) = old Quảng Bình (044) + old Quảng Trị (045).
	res := run(t, Options{Province: "44", People: 5000, Seed: 5})
	prefixes := map[string]int{}
	for _, r := range res.rows {
		if id := r.Get("id_number"); id != "" {
			prefixes[id[:3]]++
		}
	}
	if prefixes["044"] < 500 || prefixes["045"] < 500 {
		t.Fatalf("prefix counts %v: want both 044 and 045 common", prefixes)
	}
}

func TestBeforeReform(t *testing.T) {
	// Before 2025-07-01 the province code is read in the 63-province list.
	asOf := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	res := run(t, Options{Province: "45", People: 1000, Seed: 5, AsOf: asOf})
	cat := units.Default()
	for _, r := range res.rows {
		if !cat.Contains(units.List2025March, "45", r.Get("permanent_commune")) {
			t.Fatalf("%s: commune %s is not in old Quảng Trị", r.RecordRef(), r.Get("permanent_commune"))
		}
		if id := r.Get("id_number"); id != "" && id[:3] != "045" && r.Get("birth_registration_place") == r.Get("permanent_commune") {
			t.Fatalf("%s: local birth with prefix %s", r.RecordRef(), id[:3])
		}
	}
}

func TestOptionsErrors(t *testing.T) {
	noop := func(*dc01.Row) error { return nil }
	tests := []struct {
		name string
		opts Options
	}{
		{"unknown province", Options{Province: "99", People: 10}},
		{"old code after reform", Options{Province: "45", People: 10}},
		{"empty province", Options{People: 10}},
		{"negative people", Options{Province: "42", People: -1}},
		{"duplicate rate", Options{Province: "42", People: 10, DuplicateRate: 1.5}},
		{"without-ID rate", Options{Province: "42", People: 10, WithoutIDRate: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := Generate(tc.opts, noop, nil); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestWithoutIDRate(t *testing.T) {
	tests := []struct {
		rate     float64
		min, max float64
	}{
		{0, 0.035, 0.065}, // default 5%
		{-1, 0, 0},
		{0.5, 0.47, 0.53},
	}
	for _, tc := range tests {
		res := run(t, Options{Province: "42", People: 5000, Seed: 11, WithoutIDRate: tc.rate})
		empty := 0
		for _, r := range res.rows {
			if r.Get("id_number") == "" {
				empty++
			}
		}
		if got := float64(empty) / float64(len(res.rows)); got < tc.min || got > tc.max {
			t.Errorf("WithoutIDRate %v: %.3f without number, want %.3f..%.3f", tc.rate, got, tc.min, tc.max)
		}
	}
}

func TestTypo(t *testing.T) {
	r := newTestRand()
	for _, w := range []string{"Hùng", "An", "Nguyễn", "HƯƠNG", "Thị"} {
		for range 200 {
			got := typo(r, w)
			if !norm.NFC.IsNormalString(got) || got == "" {
				t.Fatalf("typo(%q) = %q", w, got)
			}
			if w == strings.ToUpper(w) && got != strings.ToUpper(got) {
				t.Fatalf("typo(%q) = %q lost upper case", w, got)
			}
		}
	}
	if got := stripDiacritics("Nguyễn Văn Đức"); got != "Nguyen Van Duc" {
		t.Fatalf("stripDiacritics = %q", got)
	}
}

func TestNameLists(t *testing.T) {
	for _, nl := range []nameList{boyNames, girlNames} {
		if len(nl.given) < 1000 {
			t.Fatalf("only %d names", len(nl.given))
		}
		for i := range nl.given {
			s := nl.middle[i] + " " + nl.given[i]
			if strings.ContainsRune(s, '\u00d0') || !norm.NFC.IsNormalString(s) {
				t.Fatalf("name %q not repaired", s)
			}
		}
	}
}

func TestDates(t *testing.T) {
	for _, d := range []int{-25567, -1, 0, 1, 10957, 20454, 20819} {
		c := civilFromDays(d)
		if back := daysFromCivil(c.y, c.m, c.d); back != d {
			t.Fatalf("day %d -> %v -> %d", d, c, back)
		}
		want := time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
		if got := formatDate(c, 'd'); got != want {
			t.Fatalf("day %d = %s, want %s", d, got, want)
		}
	}
	if a := ageOn(daysFromCivil(2000, 3, 2), daysFromCivil(2026, 3, 1)); a != 25 {
		t.Fatalf("age %d", a)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Province: "42", People: 3000, Seed: 8, DuplicateRate: 0.05}
	for _, name := range []string{"pop.csv", "pop.jsonl.gz"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			truthPath := filepath.Join(dir, name+".truth.csv")
			st, err := WriteFile(path, opts, truthPath)
			if err != nil {
				t.Fatal(err)
			}
			if st.People != 3000 || st.Rows != st.People+st.Duplicates || st.Households == 0 || st.Duplicates == 0 {
				t.Fatalf("stats %+v", st)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows := 0
			if strings.HasSuffix(name, ".gz") {
				zr, err := gzip.NewReader(f)
				if err != nil {
					t.Fatal(err)
				}
				sc := bufio.NewScanner(zr)
				sc.Buffer(nil, 1<<20)
				for sc.Scan() {
					var m map[string]string
					if err := json.Unmarshal(sc.Bytes(), &m); err != nil || m["record_ref"] == "" {
						t.Fatalf("line %d: %v", rows+1, err)
					}
					rows++
				}
			} else {
				recs, err := csv.NewReader(f).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(recs[0], dc01.Columns) {
					t.Fatalf("header %v", recs[0])
				}
				rows = len(recs) - 1
			}
			if rows != st.Rows {
				t.Fatalf("%d rows in file, stats say %d", rows, st.Rows)
			}
			tf, err := os.Open(truthPath)
			if err != nil {
				t.Fatal(err)
			}
			defer tf.Close()
			recs, err := csv.NewReader(tf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(recs[0], []string{"left_ref", "right_ref", "classes"}) || len(recs)-1 != st.Duplicates {
				t.Fatalf("truth file: header %v, %d pairs, want %d", recs[0], len(recs)-1, st.Duplicates)
			}
		})
	}
}

func newTestRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// TestDuplicateErrorKinds checks that every kind of error occurs, and that
// no duplicate carries more than three of them.
func TestDuplicateErrorKinds(t *testing.T) {
	res := cached(t, big20k)
	seen, tagged := map[string]int{}, map[string]int{}
	for _, tr := range res.truth {
		l, r := res.byRef[tr.LeftRef], res.byRef[tr.RightRef]
		ln, rn := l.Get("full_name"), r.Get("full_name")
		if len(tr.Classes) == 0 || len(tr.Classes) > 3 {
			t.Fatalf("%v is tagged with %d error classes, want 1-3", tr, len(tr.Classes))
		}
		for _, c := range tr.Classes {
			tagged[c]++
		}
		// An error seen on the pair must be among its tags (the tag names
		// the class a per-class evaluation counts the pair in).
		mark := func(k, class string, cond bool) {
			if cond {
				seen[k]++
				if !slices.Contains(tr.Classes, class) {
					t.Errorf("%v shows %q but is tagged %v", tr, k, tr.Classes)
				}
			}
		}
		lh, rh := l.Get("household_head_name"), r.Get("household_head_name")
		mark("no diacritics", "nodiacritics", isASCII(rh) && !isASCII(lh))
		mark("upper case", "upper", rn == strings.ToUpper(rn) && ln != rn && strings.ToUpper(ln) != ln)
		mark("dropped middle", "dropmiddle", len(strings.Fields(rn)) < len(strings.Fields(ln)))
		lb, rb := l.Get("birth_date"), r.Get("birth_date")
		mark("year only", "yearonly", len(rb) == 4 && len(lb) > 4)
		mark("day/month swapped", "swapdm", len(rb) == 10 && len(lb) == 10 && lb[5:7] == rb[8:10] && lb[8:10] == rb[5:7] && lb[5:] != rb[5:])
		mark("year one off", "yearoff", lb[:4] != rb[:4])
		mark("missing id", "noid", l.Get("id_number") != "" && r.Get("id_number") == "")
		mark("id typo", "idtypo", l.Get("id_number") != "" && r.Get("id_number") != "" && l.Get("id_number") != r.Get("id_number"))
		mark("missing parents", "noparents", l.Get("father_name")+l.Get("mother_name") != "" && r.Get("father_name")+r.Get("mother_name") == "")
		mark("other commune", "address", r.Get("temporary_commune") != l.Get("temporary_commune"))
		mark("missing phone", "nophone", l.Get("phone") != "" && r.Get("phone") == "")
		mark("missing household", "nohousehold", l.Get("household_ref") != "" && r.Get("household_ref") == "")
	}
	t.Logf("error kinds seen: %v; tagged: %v", seen, tagged)
	for _, k := range []string{"no diacritics", "upper case", "dropped middle", "year only", "day/month swapped", "year one off",
		"missing id", "id typo", "missing parents", "other commune", "missing phone", "missing household"} {
		if seen[k] < 10 {
			t.Errorf("error kind %q seen %d times", k, seen[k])
		}
	}
	for _, c := range errKinds.values {
		if tagged[c] < 10 {
			t.Errorf("error class %q tagged %d times", c, tagged[c])
		}
	}
}

func TestPrefixSuccessors(t *testing.T) {
	cat := units.Default()
	g, err := newGeo(cat, "42", units.List2025July, newTestRand())
	if err != nil {
		t.Fatal(err)
	}
	if len(g.allPrefixes) != 63 {
		t.Fatalf("%d prefixes, want 63", len(g.allPrefixes))
	}
	// domain.md §1.3, "Merged into" column.
	for prefix, want := range map[string]string{"001": "01", "002": "08", "015": "15", "044": "44", "045": "44", "074": "79", "093": "92", "096": "96", "042": "42"} {
		if got := g.prefixInfo[prefix].codeNow; got != want {
			t.Errorf("prefix %s: province now %s, want %s", prefix, got, want)
		}
	}
}

func TestZeroPeople(t *testing.T) {
	res := run(t, Options{Province: "42", People: 0, Seed: 1, DuplicateRate: 0.5})
	if len(res.rows) != 0 || len(res.truth) != 0 {
		t.Fatalf("%d rows, %d pairs", len(res.rows), len(res.truth))
	}
}
