package dupeval

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/dc01"
	"dancu/internal/registry"
	"dancu/internal/synth"
	"dancu/internal/units"
)

var asOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func truthBytes(t *testing.T, s *Set) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := s.WriteTruth(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func rowsBytes(t *testing.T, s *Set) []byte {
	t.Helper()
	var b bytes.Buffer
	w := dc01.NewWriter(&b, dc01.CSV, false)
	for i := range s.Rows {
		if err := w.Write(&s.Rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, err := Generate(Options{People: 2000, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(Options{People: 2000, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rowsBytes(t, a), rowsBytes(t, b)) || !bytes.Equal(truthBytes(t, a), truthBytes(t, b)) {
		t.Fatal("the same options gave different sets")
	}
	c, err := Generate(Options{People: 2000, Seed: 6})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(truthBytes(t, a), truthBytes(t, c)) {
		t.Fatal("another seed gave the same truth")
	}
}

// TestEveryFormImports: a set the importer refuses in part would silently
// lose pairs.
func TestEveryFormImports(t *testing.T) {
	s, err := Generate(Options{People: 3000, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	cv := &registry.Converter{Units: units.Default(), AsOf: asOf}
	refs := map[string]bool{}
	for i := range s.Rows {
		row := s.Rows[i]
		if refs[row.RecordRef()] {
			t.Errorf("record_ref %s appears twice", row.RecordRef())
		}
		refs[row.RecordRef()] = true
		if c := cv.Convert(&row); len(c.Errors) > 0 {
			t.Errorf("%s does not import: %v", row.RecordRef(), c.Errors)
		}
	}
	for _, p := range append(s.Pairs, s.Negatives...) {
		if !refs[p.Left] || !refs[p.Right] {
			t.Errorf("pair %s-%s names a record that is not in the set", p.Left, p.Right)
		}
	}
}

// TestDefaultSetHasEnoughPairsOfEveryClass: the figures per class and per
// kind of hard negative must rest on enough pairs.
func TestDefaultSetHasEnoughPairsOfEveryClass(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 people")
	}
	s, err := Generate(Options{People: 20000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	sum := s.Summarize()
	if sum.Pairs < 2000 {
		t.Errorf("%d true pairs, want at least 2,000", sum.Pairs)
	}
	if share := float64(sum.TwoOrMore) / float64(sum.Pairs); share < 0.25 || share > 0.5 {
		t.Errorf("%.2f of pairs combine two classes, want 0.25..0.5", share)
	}
	for _, c := range sum.ByClass {
		if c.Pairs < 40 || c.Alone < 10 {
			t.Errorf("class %s: %d pairs (%d alone), want at least 40 (10 alone)", c.Class, c.Pairs, c.Alone)
		}
	}
	for _, k := range []Kind{Twin, Namesake, FatherSon, Sibling} {
		if sum.Negatives[k] < 50 {
			t.Errorf("%d hard negatives of kind %s, want at least 50", sum.Negatives[k], k)
		}
	}
}

// TestHardNegativesAreDistinctPeople checks each listed negative against
// what its kind promises and that no true pair links them.
func TestHardNegativesAreDistinctPeople(t *testing.T) {
	s, err := Generate(Options{People: 6000, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]*dc01.Row{}
	for i := range s.Rows {
		rows[s.Rows[i].RecordRef()] = &s.Rows[i]
	}
	// Persons: union of true pairs.
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		return x
	}
	for _, p := range s.Pairs {
		parent[find(p.Left)] = find(p.Right)
	}
	counts := map[Kind]int{}
	for _, p := range s.Negatives {
		a, b := rows[p.Left].Values, rows[p.Right].Values
		counts[p.Kind]++
		if find(p.Left) == find(p.Right) {
			t.Errorf("%s %s-%s is also a true pair", p.Kind, p.Left, p.Right)
		}
		if a[cID] != "" && a[cID] == b[cID] {
			t.Errorf("%s %s-%s share the ID number %s", p.Kind, p.Left, p.Right, a[cID])
		}
		da, _ := parseDate(a[cBirth])
		db, _ := parseDate(b[cBirth])
		sameHH := a[cHousehold] == b[cHousehold]
		var bad string
		switch p.Kind {
		case Twin:
			if !sameHH || da != db || foldKey(a[cName]) == foldKey(b[cName]) {
				bad = "not one household and birth date with two names"
			}
		case Sibling:
			if !sameHH || da == db || foldKey(a[cName]) == foldKey(b[cName]) || foldKey(a[cFatherName]) != foldKey(b[cFatherName]) {
				bad = "not two children of one couple born apart"
			}
		case FatherSon:
			if !sameHH || foldKey(a[cName]) != foldKey(b[cName]) || abs(da.Year-db.Year) < 14 {
				bad = "not one name a generation apart in one household"
			}
		case Namesake:
			if sameHH || foldKey(a[cName]) != foldKey(b[cName]) || da.Year != db.Year || a[cPermComm] != b[cPermComm] {
				bad = "not one name and birth year in two households of one commune"
			}
		default:
			bad = "unknown kind"
		}
		if bad != "" {
			t.Errorf("%s %s-%s: %s: %q %s %s | %q %s %s", p.Kind, p.Left, p.Right, bad,
				a[cName], a[cBirth], a[cHousehold], b[cName], b[cBirth], b[cHousehold])
		}
	}
	for _, k := range []Kind{Twin, Namesake, FatherSon, Sibling} {
		if counts[k] == 0 {
			t.Errorf("no hard negative of kind %s", k)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestTruePairsKeepEvidence: every copy keeps at least two of ID number,
// name (spelling aside), birth date and place, so a careful clerk could
// confirm the pair; two copies of one person keep at least one between them.
func TestTruePairsKeepEvidence(t *testing.T) {
	s, err := Generate(Options{People: 6000, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]*dc01.Row{}
	for i := range s.Rows {
		rows[s.Rows[i].RecordRef()] = &s.Rows[i]
	}
	isCopy := map[string]bool{}
	for _, p := range s.Pairs {
		isCopy[p.Right] = true
	}
	for _, p := range s.Pairs {
		a, b := rows[p.Left].Values, rows[p.Right].Values
		kept := 0
		if a[cID] != "" && a[cID] == b[cID] {
			kept++
		}
		if nameKept(a[cName], b[cName]) {
			kept++
		}
		da, _ := parseDate(a[cBirth])
		db, _ := parseDate(b[cBirth])
		if da == db {
			kept++
		}
		if a[cHousehold] == b[cHousehold] || a[cPermComm] == b[cPermComm] || sameCommune(a[cPermComm], b[cPermComm]) {
			kept++
		}
		want := 2
		if isCopy[p.Left] {
			want = 1
		}
		if kept < want {
			t.Errorf("%s-%s %v: only %d of ID, name, birth date and place kept", p.Left, p.Right, p.Classes, kept)
		}
	}
}

// nameKept: the same words in the same places, one of them respelt at most.
func nameKept(a, b string) bool {
	wa, wb := strings.Fields(foldKey(a)), strings.Fields(foldKey(b))
	if len(wa) != len(wb) {
		return false
	}
	diff := 0
	for i := range wa {
		if wa[i] != wb[i] {
			diff++
		}
	}
	return diff <= 1
}

// sameCommune: an old code standing for the new commune.
func sameCommune(a, b string) bool {
	for _, x := range [][2]string{{a, b}, {b, a}} {
		for _, s := range units.Default().Successors(x[0]) {
			if s.Code == x[1] {
				return true
			}
		}
	}
	return false
}

func TestTruthRoundTrip(t *testing.T) {
	s, err := Generate(Options{People: 1500, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	pairs, negs, err := ReadTruth(bytes.NewReader(truthBytes(t, s)))
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != len(s.Pairs) || len(negs) != len(s.Negatives) {
		t.Fatalf("read %d pairs and %d negatives, wrote %d and %d", len(pairs), len(negs), len(s.Pairs), len(s.Negatives))
	}
	for i := range pairs {
		if pairs[i].Left != s.Pairs[i].Left || strings.Join(classNames(pairs[i].Classes), "+") != strings.Join(classNames(s.Pairs[i].Classes), "+") {
			t.Fatalf("pair %d read back as %+v, wrote %+v", i, pairs[i], s.Pairs[i])
		}
	}
}

func classNames(cs []Class) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

func TestReadTruthRefusesBadLines(t *testing.T) {
	for name, body := range map[string]string{
		"header":        "a,b\n",
		"unknown class": "left_ref,right_ref,kind,classes\nx,y,duplicate,sneeze\n",
		"unknown kind":  "left_ref,right_ref,kind,classes\nx,y,cousin,\n",
		"no classes":    "left_ref,right_ref,kind,classes\nx,y,duplicate,\n",
		"same ref":      "left_ref,right_ref,kind,classes\nx,x,twin,\n",
	} {
		if _, _, err := ReadTruth(strings.NewReader(body)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestBaseWithARepeatedIDNumberIsRefused(t *testing.T) {
	base := append([]dc01.Row(nil), sharedBase(t)[:50]...)
	var withID int
	for i := range base {
		if base[i].Values[cID] != "" {
			withID = i
			break
		}
	}
	dup := base[withID]
	dup.Values[cRef] = "copy-1"
	base = append(base, dup)
	_, err := Generate(Options{Base: base, Seed: 1})
	if err == nil || !strings.Contains(err.Error(), "copy-1") || !strings.Contains(err.Error(), "id_number") {
		t.Fatalf("err = %v, want the record and the repeated id_number named", err)
	}
}

func TestWriteFilesCreatesPrivateFiles(t *testing.T) {
	s, err := Generate(Options{People: 500, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out, truth := filepath.Join(dir, "set.jsonl"), filepath.Join(dir, "truth.csv")
	if err := s.WriteFiles(out, truth); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{out, truth} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", p, fi.Mode().Perm())
		}
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := dc01.NewReader(f, dc01.JSONL, false)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var row dc01.Row
	for rd.Read(&row) == nil {
		n++
	}
	if n != len(s.Rows) {
		t.Errorf("read %d rows back, wrote %d", n, len(s.Rows))
	}
}

// TestWithheldIDsLeaveNoNumberTwice: with WithholdIDs no two forms share a
// number, so the importer takes every copy as a new citizen.
func TestWithheldIDsLeaveNoNumberTwice(t *testing.T) {
	s, err := Generate(Options{People: 3000, Seed: 8, WithholdIDs: true})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for i := range s.Rows {
		id := s.Rows[i].Values[cID]
		if id == "" {
			continue
		}
		if other, dup := seen[id]; dup {
			t.Errorf("%s and %s share the number %s", other, s.Rows[i].RecordRef(), id)
		}
		seen[id] = s.Rows[i].RecordRef()
	}
	for _, p := range s.Pairs {
		for _, c := range p.Classes {
			if c == IDMissing {
				t.Fatalf("%s-%s has class id_missing, which withheld numbers make moot", p.Left, p.Right)
			}
		}
	}
}

// TestGenerateFromABaseFile: a population written by `dancu generate` is a
// valid base, and every one of its people is in the set.
func TestGenerateFromABaseFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "base.csv")
	if _, err := synth.WriteFile(path, synth.Options{Province: "42", People: 1200, Seed: 21, AsOf: asOf}, ""); err != nil {
		t.Fatal(err)
	}
	base, err := ReadBase(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Generate(Options{Base: base, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, p := range s.Pairs {
		if p.Kind == Duplicate {
			copies++
		}
	}
	// Originals: the base, plus the twins and namesakes the set adds.
	if got, min := len(s.Rows)-copies, len(base); got < min {
		t.Errorf("%d originals in the set, the base has %d", got, min)
	}
	if len(s.Pairs) < 100 {
		t.Errorf("%d pairs from a base of %d", len(s.Pairs), len(base))
	}
}
