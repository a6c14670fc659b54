package quality

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// population is a register dense in cross-record problems: households
// with no head or several, shared current, cancelled and CMND numbers,
// parents younger than or born after their children, dead and merged
// records.
func population(n int) []registry.Citizen {
	r := rand.New(rand.NewPCG(7, 11))
	// A number space about as large as the population: many numbers are
	// shared and most parents' numbers have a holder.
	number := func() string { return fmt.Sprintf("042090%06d", 1+r.IntN(n)) }
	out := make([]registry.Citizen, n)
	for i := range out {
		c := base()
		c.ID, c.RecordRef = fmt.Sprintf("c%05d", i), fmt.Sprintf("r%05d", i)
		c.IDNumber = number()
		c.BirthDate = pdate.Full(1930+r.IntN(95), 1+r.IntN(12), 1+r.IntN(28))
		if r.IntN(10) == 0 {
			c.BirthDate = pdate.Date{Year: 1930 + r.IntN(95)}
		}
		c.HouseholdRef = fmt.Sprintf("H%d", r.IntN(n/3))
		c.RelationToHead = []string{"head", "con", "vợ", "chồng"}[r.IntN(4)]
		if r.IntN(20) == 0 {
			c.HouseholdRef = ""
		}
		if r.IntN(4) == 0 {
			c.OldIDNumber = fmt.Sprintf("18%07d", r.IntN(n/2))
		}
		if r.IntN(5) == 0 {
			c.CancelledIDNumbers = []string{number()}
		}
		if r.IntN(2) == 0 {
			c.Father.IDNumber = number()
		}
		if r.IntN(2) == 0 {
			c.Mother.IDNumber = number()
		}
		switch r.IntN(15) {
		case 0:
			c.Status = registry.Dead
		case 1:
			c.Status = registry.Merged
		}
		out[i] = c
	}
	return out
}

// referenceScan is the scanner as it was before it sorted: every record's
// Person in memory and maps by key. The sorting scanner must find exactly
// what it found.
func referenceScan(e *Engine, cs []registry.Citizen) []Finding {
	var out []Finding
	var people []Person
	byNumber, byOld, households := map[string][]int{}, map[string][]int{}, map[string][]int{}
	for i := range cs {
		c := &cs[i]
		if c.Status == registry.Merged {
			continue
		}
		out = append(out, e.Record(c)...)
		k := len(people)
		people = append(people, PersonOf(c))
		for _, n := range append([]string{c.IDNumber}, c.CancelledIDNumbers...) {
			if n != "" {
				byNumber[n] = append(byNumber[n], k)
			}
		}
		if c.OldIDNumber != "" {
			byOld[c.OldIDNumber] = append(byOld[c.OldIDNumber], k)
		}
		if c.HouseholdRef != "" {
			households[c.HouseholdRef] = append(households[c.HouseholdRef], k)
		}
	}
	group := func(idx []int) []Person {
		var ps []Person
		for _, i := range idx {
			ps = append(ps, people[i])
		}
		return ps
	}
	for ref, idx := range households {
		out = append(out, e.Household(ref, group(idx))...)
	}
	for n, idx := range byNumber {
		if len(idx) > 1 {
			out = append(out, e.SameNumber(n, group(idx))...)
		}
	}
	for n, idx := range byOld {
		if len(idx) > 1 {
			out = append(out, e.SameOldNumber(n, group(idx))...)
		}
	}
	holder := func(n string) *Person {
		if idx := byNumber[n]; n != "" && len(idx) > 0 {
			return &people[idx[0]]
		}
		return nil
	}
	for i := range people {
		out = append(out, e.Parents(&people[i], holder(people[i].FatherNumber), holder(people[i].MotherNumber))...)
	}
	return out
}

// findingLines renders findings whole, sorted: the set a scan stores.
func findingLines(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = strings.Join([]string{f.CitizenID, f.Code, f.Subject, f.RecordRef, strings.Join(f.Fields, " "), f.MessageEN, f.MessageVI, f.Commune, f.Province}, "|")
	}
	sort.Strings(out)
	return out
}

// TestScannerMatchesReference: the sorting scanner finds what holding the
// register in memory found, whether its entries fit its buffer or are
// spilled to many runs and merged.
func TestScannerMatchesReference(t *testing.T) {
	cs := population(3000)
	e := engine()
	want := findingLines(referenceScan(e, cs))
	cross := 0
	for _, l := range want {
		if r, _ := RuleFor(strings.Split(l, "|")[1]); r.Scope != ScopeRecord {
			cross++
		}
	}
	byCode := map[string]int{}
	for _, l := range want {
		byCode[strings.Split(l, "|")[1]]++
	}
	for _, code := range []string{CodeHouseholdNoHead, CodeHouseholdManyHeads, CodeDuplicateIDNumber, CodeDuplicateOldNumber, CodeChildBeforeParent, CodeParentTooYoung} {
		if byCode[code] < 10 {
			t.Fatalf("the population has %d findings of %s: it tests too little (%v)", byCode[code], code, byCode)
		}
	}
	if cross < 100 {
		t.Fatalf("the population has only %d cross-record findings: it tests too little", cross)
	}
	for _, tc := range []struct {
		name   string
		buffer int
		runs   bool
	}{
		{"in memory", defaultScanBuffer, false},
		{"spilled", 4 << 10, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []Finding
			s := e.NewScanner(func(fs []Finding) error { got = append(got, fs...); return nil })
			s.TempDir, s.bufferBytes = t.TempDir(), tc.buffer
			for i := range cs {
				if err := s.Add(&cs[i]); err != nil {
					t.Fatal(err)
				}
			}
			if spilled := len(s.runs) > 0; spilled != tc.runs {
				t.Fatalf("spilled %v, want %v", spilled, tc.runs)
			}
			if err := s.Finish(); err != nil {
				t.Fatal(err)
			}
			if g := findingLines(got); !slices.Equal(g, want) {
				t.Errorf("%d findings, the reference %d", len(g), len(want))
				for i := 0; i < min(len(g), len(want)); i++ {
					if g[i] != want[i] {
						t.Errorf("first difference:\n got %s\nwant %s", g[i], want[i])
						break
					}
				}
			}
			if s.runs != nil {
				t.Error("Finish left its runs open")
			}
		})
	}
}

// TestPersonEncoding: a Person survives its encoding in a run.
func TestPersonEncoding(t *testing.T) {
	for _, c := range population(50) {
		p := PersonOf(&c)
		got, err := decodePerson(appendPerson(nil, &p))
		if err != nil || !got.Equal(p) {
			t.Fatalf("%+v\nbecame %+v (%v)", p, got, err)
		}
	}
	if _, err := decodePerson([]byte{5, 'a'}); err == nil {
		t.Error("a truncated entry decoded")
	}
}

// TestSortBufferOrdersKeysBytewise: the prefix words only speed the sort
// up; entries come out in bytes.Compare order of their keys, keys that are
// prefixes of others, that hold zero bytes, and that tie on 16 bytes
// included.
func TestSortBufferOrdersKeysBytewise(t *testing.T) {
	keys := []string{"N042090000123\x00\x00", "N042090000123\x00\x01", "N04209000012", "N042090000123",
		"H", "", "\x00", "\x00\x00", "O123456789012345678", "O123456789012345677", "O1234567890123456",
		"N0420900001230000X", "N0420900001230000", "\xff", "N042090000123\x00"}
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		b := make([]byte, rnd.IntN(24))
		for j := range b {
			b[j] = "N0\x00\x0142"[rnd.IntN(6)]
		}
		keys = append(keys, string(b))
	}
	s := &Scanner{}
	for _, k := range keys {
		off := len(s.buf)
		s.buf = append(s.buf, k...)
		s.buf = append(s.buf, "person"...)
		p0, p1 := keyPrefix([]byte(k))
		s.entries = append(s.entries, entryRef{p0: p0, p1: p1, off: uint32(off), k: uint32(len(k)), n: uint32(len(k) + 6)})
	}
	s.sortBuffer()
	want := slices.Clone(keys)
	slices.Sort(want)
	for i, r := range s.entries {
		if got := string(s.sortKey(r)); got != want[i] {
			t.Fatalf("entry %d: key %q, want %q", i, got, want[i])
		}
	}
}
