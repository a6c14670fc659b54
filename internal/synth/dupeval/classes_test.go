package dupeval

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"dancu/internal/dc01"
	"dancu/internal/units"
)

var (
	testBaseOnce sync.Once
	testBase     []dc01.Row
	testBaseErr  error
)

// sharedBase is a small generated population, made once per test binary.
func sharedBase(t *testing.T) []dc01.Row {
	t.Helper()
	testBaseOnce.Do(func() {
		testBase, testBaseErr = generateBase(Options{People: 3000, Seed: 7, Province: "42",
			AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	})
	if testBaseErr != nil {
		t.Fatal(testBaseErr)
	}
	return testBase
}

// newTestGen is a generator over the shared base, before any copy.
func newTestGen(t *testing.T, seed uint64) *gen {
	t.Helper()
	opts := Options{Province: "42", AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), DuplicateShare: DefaultDuplicateShare}
	g, err := newGen(opts, newRand(seed), sharedBase(t))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// classCheck says whether a copy shows the difference its class intends.
type classCheck struct {
	columns []string // the only columns the class may change
	ok      func(o, c *dc01.Row) error
}

func names(r *dc01.Row) []string { return strings.Fields(r.Values[cName]) }

// oneWordChanged returns the only word that differs between two names of
// equal length.
func oneWordChanged(o, c *dc01.Row) (string, string, error) {
	wo, wc := names(o), names(c)
	if len(wo) != len(wc) {
		return "", "", fmt.Errorf("word count %d -> %d", len(wo), len(wc))
	}
	var a, b string
	n := 0
	for i := range wo {
		if wo[i] != wc[i] {
			a, b = wo[i], wc[i]
			n++
		}
	}
	if n != 1 {
		return "", "", fmt.Errorf("%d words changed, want 1", n)
	}
	return a, b, nil
}

func lowerLetters(s syllable) string { return strings.ToLower(string(s.letters)) }

// oneEdit reports whether b is a one-keystroke edit of a: one rune
// dropped, added, replaced, or two neighbours swapped.
func oneEdit(a, b string) bool {
	x, y := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	if len(x) > len(y) {
		x, y = y, x
	}
	switch len(y) - len(x) {
	case 1:
		for i := range y {
			if string(slices.Delete(slices.Clone(y), i, i+1)) == string(x) {
				return true
			}
		}
	case 0:
		var diff []int
		for i := range x {
			if x[i] != y[i] {
				diff = append(diff, i)
			}
		}
		return len(diff) == 1 || len(diff) == 2 && diff[1] == diff[0]+1 && x[diff[0]] == y[diff[1]] && x[diff[1]] == y[diff[0]]
	}
	return false
}

// decodeTelex converts Telex keystrokes back into a syllable.
func decodeTelex(w string) syllable {
	low := strings.ToLower(w)
	tone := toneNone
	if n := len(low); n > 0 {
		if k := strings.IndexByte("fsrxj", low[n-1]); k >= 0 {
			tone = k + 1
			low = low[:n-1]
		}
	}
	low = strings.NewReplacer("aa", "â", "aw", "ă", "ee", "ê", "oo", "ô", "ow", "ơ", "uw", "ư", "dd", "đ").Replace(low)
	return syllable{letters: []rune(low), tone: tone}
}

func digitsEdit(a, b string) bool { return a != b && len(a) == len(b) && oneEdit(a, b) }

var nameCols = []string{"full_name", "other_name", "father_name", "mother_name", "spouse_name", "representative_name", "household_head_name"}
var textCols = []string{"permanent_address", "temporary_address", "current_address", "birth_place", "birth_registration_place", "hometown", "ethnicity", "religion", "marital_status", "relation_to_head", "sex"}

var classChecks = map[Class]classCheck{
	SurnameVariant: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		a, b, err := oneWordChanged(o, c)
		if err != nil || a != names(o)[0] {
			return fmt.Errorf("surname not the changed word: %v", err)
		}
		if pair := foldKey(a) + "/" + foldKey(b); !slices.Contains([]string{"hoang/huynh", "huynh/hoang", "vu/vo", "vo/vu"}, pair) {
			return fmt.Errorf("%s is not a regional surname pair", pair)
		}
		return nil
	}},
	Nickname: {[]string{"full_name", "other_name"}, func(o, c *dc01.Row) error {
		wo, wc := names(o), names(c)
		if len(wo) != len(wc) || !slices.Equal(wo[:len(wo)-1], wc[:len(wc)-1]) {
			return fmt.Errorf("only the given name may change")
		}
		if g := wc[len(wc)-1]; !slices.Contains(maleNicknames, g) && !slices.Contains(femaleNicknames, g) {
			return fmt.Errorf("%q is not a home name", g)
		}
		if v := c.Values[cOtherName]; v != o.Values[cName] {
			return fmt.Errorf("other_name %q is not the formal name", v)
		}
		return nil
	}},
	MiddleDropped: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		wo, wc := names(o), names(c)
		for i := range wo {
			if slices.Equal(slices.Delete(slices.Clone(wo), i, i+1), wc) && i > 0 && i < len(wo)-1 {
				return nil
			}
		}
		return fmt.Errorf("not one middle word less")
	}},
	MiddleAdded: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		wo, wc := names(o), names(c)
		for i := 1; i < len(wc)-1; i++ {
			if slices.Equal(slices.Delete(slices.Clone(wc), i, i+1), wo) {
				return nil
			}
		}
		return fmt.Errorf("not one middle word more")
	}},
	NameOrder: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		wo, wc := names(o), names(c)
		if slices.Equal(wo, wc) {
			return fmt.Errorf("same order")
		}
		slices.Sort(wo)
		slices.Sort(wc)
		if !slices.Equal(wo, wc) {
			return fmt.Errorf("words changed, not only their order")
		}
		return nil
	}},
	SpellOnset: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		a, b, err := oneWordChanged(o, c)
		if err != nil {
			return err
		}
		sa, sb := parseSyllable(a), parseSyllable(b)
		oa, ob := onsetOf(sa.letters), onsetOf(sb.letters)
		if ob == "" && strings.HasPrefix(lowerLetters(sb), "f") {
			ob = "f"
		}
		if !slices.Contains(onsetSwaps[oa], ob) {
			return fmt.Errorf("onset %q -> %q is not a listed confusion", oa, ob)
		}
		if lowerLetters(sa)[len(oa):] != lowerLetters(sb)[len(ob):] || sa.tone != sb.tone {
			return fmt.Errorf("rhyme or tone changed: %q -> %q", a, b)
		}
		return nil
	}},
	SpellRhyme: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		a, b, err := oneWordChanged(o, c)
		if err != nil {
			return err
		}
		sa, sb := parseSyllable(a), parseSyllable(b)
		if onsetOf(sa.letters) != onsetOf(sb.letters) || sa.tone != sb.tone {
			return fmt.Errorf("onset or tone changed: %q -> %q", a, b)
		}
		return nil
	}},
	TypoKey: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		a, b, err := oneWordChanged(o, c)
		if err != nil {
			return err
		}
		if !oneEdit(norm.NFC.String(a), norm.NFC.String(b)) {
			return fmt.Errorf("%q -> %q is not one keystroke", a, b)
		}
		return nil
	}},
	TelexResidue: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		a, b, err := oneWordChanged(o, c)
		if err != nil {
			return err
		}
		sa, sb := parseSyllable(a), decodeTelex(b)
		if lowerLetters(sa) != lowerLetters(sb) || sa.tone != sb.tone {
			return fmt.Errorf("%q does not decode to %q", b, a)
		}
		return nil
	}},
	ToneWrong: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		a, b, err := oneWordChanged(o, c)
		if err != nil {
			return err
		}
		sa, sb := parseSyllable(a), parseSyllable(b)
		if lowerLetters(sa) != lowerLetters(sb) || sa.tone == sb.tone || sb.tone == toneNone {
			return fmt.Errorf("%q -> %q is not another tone on the same letters", a, b)
		}
		return nil
	}},
	ToneDropped: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		wo, wc := names(o), names(c)
		n := 0
		for i := range wo {
			if wo[i] == wc[i] {
				continue
			}
			n++
			sa, sb := parseSyllable(wo[i]), parseSyllable(wc[i])
			if lowerLetters(sa) != lowerLetters(sb) || sb.tone != toneNone || sa.tone == toneNone {
				return fmt.Errorf("%q -> %q is not a dropped tone", wo[i], wc[i])
			}
		}
		if n == 0 {
			return fmt.Errorf("nothing dropped")
		}
		return nil
	}},
	TonePlacement: {[]string{"full_name"}, func(o, c *dc01.Row) error {
		a, b, err := oneWordChanged(o, c)
		if err != nil {
			return err
		}
		sa, sb := parseSyllable(a), parseSyllable(b)
		if lowerLetters(sa) != lowerLetters(sb) || sa.tone != sb.tone || sa.pos == sb.pos {
			return fmt.Errorf("%q -> %q is not the same tone moved", a, b)
		}
		return nil
	}},
	NoDiacritics: {append(slices.Clone(nameCols), textCols...), func(o, c *dc01.Row) error {
		if c.Values[cName] != stripMarks(o.Values[cName]) || c.Values[cName] == o.Values[cName] {
			return fmt.Errorf("name %q is not %q without marks", c.Values[cName], o.Values[cName])
		}
		// The whole form, or the name alone.
		whole := c.Values[cFatherName] == stripMarks(o.Values[cFatherName]) && c.Values[cPermAddr] == stripMarks(o.Values[cPermAddr])
		alone := c.Values[cFatherName] == o.Values[cFatherName] && c.Values[cPermAddr] == o.Values[cPermAddr]
		if !whole && !alone {
			return fmt.Errorf("father %q, address %q: neither the whole form nor the name alone", c.Values[cFatherName], c.Values[cPermAddr])
		}
		return nil
	}},
	UnicodeMarks: {append(slices.Clone(nameCols), textCols...), func(o, c *dc01.Row) error {
		back := strings.NewReplacer("\u00d0", "Đ", "\u00f0", "đ").Replace(norm.NFC.String(c.Values[cName]))
		if c.Values[cName] == o.Values[cName] || back != o.Values[cName] {
			return fmt.Errorf("%q is not other code points for %q", c.Values[cName], o.Values[cName])
		}
		return nil
	}},
	SpaceCase: {nameCols, func(o, c *dc01.Row) error {
		squash := func(s string) string {
			return strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\u00a0' }), ""))
		}
		if c.Values[cName] == o.Values[cName] || squash(c.Values[cName]) != squash(o.Values[cName]) {
			return fmt.Errorf("%q differs from %q by more than case and spaces", c.Values[cName], o.Values[cName])
		}
		return nil
	}},
	BirthYearOnly: {[]string{"birth_date"}, func(o, c *dc01.Row) error {
		return wantBirth(c, o.Values[cBirth][:4])
	}},
	BirthMonthOnly: {[]string{"birth_date"}, func(o, c *dc01.Row) error {
		return wantBirth(c, o.Values[cBirth][:7])
	}},
	BirthSwapDM: {[]string{"birth_date"}, func(o, c *dc01.Row) error {
		b := o.Values[cBirth]
		return wantBirth(c, b[:4]+"-"+b[8:10]+"-"+b[5:7])
	}},
	BirthDigit: {[]string{"birth_date"}, func(o, c *dc01.Row) error {
		a, b := o.Values[cBirth], c.Values[cBirth]
		da, _ := parseDate(a)
		db, err := parseDate(b)
		if err != nil || db.Day == 0 {
			return fmt.Errorf("%q is not a full date", b)
		}
		digits := func(s string) string { return strings.ReplaceAll(s, "-", "") }
		yearOff := da.Month == db.Month && da.Day == db.Day && (da.Year-db.Year == 1 || db.Year-da.Year == 1)
		if !digitsEdit(digits(a), digits(b)) && !yearOff {
			return fmt.Errorf("%s -> %s is not one digit", a, b)
		}
		return nil
	}},
	BirthJan1: {[]string{"birth_date"}, func(o, c *dc01.Row) error {
		return wantBirth(c, o.Values[cBirth][:4]+"-01-01")
	}},
	BirthLunar: {[]string{"birth_date"}, func(o, c *dc01.Row) error {
		ta, _ := time.Parse(time.DateOnly, o.Values[cBirth])
		tb, err := time.Parse(time.DateOnly, c.Values[cBirth])
		if days := int(ta.Sub(tb).Hours() / 24); err != nil || days < 20 || days > 50 {
			return fmt.Errorf("%s -> %s is not 20-50 days earlier", o.Values[cBirth], c.Values[cBirth])
		}
		return nil
	}},
	IDMissing:    {[]string{"id_number"}, wantEmptied(cID)},
	IDDigit:      {[]string{"id_number"}, wantDigitEdit(cID)},
	CMNDDigit:    {[]string{"old_id_number"}, wantDigitEdit(cOldID)},
	CMNDMissing:  {[]string{"old_id_number"}, wantEmptied(cOldID)},
	PhoneMissing: {[]string{"phone"}, wantEmptied(cPhone)},
	PhoneChanged: {[]string{"phone"}, func(o, c *dc01.Row) error {
		if p := c.Values[cPhone]; p == "" || p == o.Values[cPhone] || strings.Trim(p, "0123456789") != "" {
			return fmt.Errorf("phone %q -> %q", o.Values[cPhone], p)
		}
		return nil
	}},
	AddressMissing: {[]string{"permanent_address", "temporary_address", "current_address"}, wantEmptied(cPermAddr)},
	AddressAbbrev: {[]string{"permanent_address", "current_address"}, func(o, c *dc01.Row) error {
		a, b := o.Values[cPermAddr], c.Values[cPermAddr]
		keepDigits := func(s string) string {
			return strings.Map(func(r rune) rune { return map[bool]rune{true: r, false: -1}[r >= '0' && r <= '9'] }, s)
		}
		if b == a || b == "" || !strings.HasPrefix(keepDigits(b), keepDigits(a)) {
			return fmt.Errorf("address %q -> %q is not an abbreviation", a, b)
		}
		return nil
	}},
	CommuneOldCode: {[]string{"permanent_commune", "temporary_commune", "current_commune", "hometown", "birth_registration_place", "permanent_address", "current_address"}, func(o, c *dc01.Row) error {
		old := c.Values[cPermComm]
		s := units.Default().Successors(old)
		if old == o.Values[cPermComm] || len(s) != 1 || s[0].Code != o.Values[cPermComm] {
			return fmt.Errorf("commune %s -> %s is not an old code of it", o.Values[cPermComm], old)
		}
		return nil
	}},
	AddressMoved: {[]string{"permanent_commune", "permanent_address", "temporary_commune", "temporary_address", "current_commune", "current_address", "household_ref", "relation_to_head", "household_head_name", "household_head_id_number"}, func(o, c *dc01.Row) error {
		if c.Values[cPermComm] == o.Values[cPermComm] || c.Values[cHousehold] == o.Values[cHousehold] || c.Values[cRelation] != "head" {
			return fmt.Errorf("not another commune and a household of its own")
		}
		return nil
	}},
	HouseholdChanged: {[]string{"household_ref"}, func(o, c *dc01.Row) error {
		if h := c.Values[cHousehold]; h == o.Values[cHousehold] || h != "" && !strings.HasPrefix(h, "SHK-") {
			return fmt.Errorf("household %q -> %q", o.Values[cHousehold], h)
		}
		return nil
	}},
	ParentsMissing: {[]string{"father_name", "father_id_number", "mother_name", "mother_id_number"}, func(o, c *dc01.Row) error {
		if c.Values[cFatherName] != "" || c.Values[cMotherName] != "" {
			return fmt.Errorf("parents still named")
		}
		return nil
	}},
	SexWrong: {[]string{"sex"}, func(o, c *dc01.Row) error {
		a, _ := sexOf(o.Values[cSex])
		b, ok := sexOf(c.Values[cSex])
		if !ok || a == b {
			return fmt.Errorf("sex %q -> %q", o.Values[cSex], c.Values[cSex])
		}
		return nil
	}},
}

func wantBirth(c *dc01.Row, want string) error {
	if c.Values[cBirth] != want {
		return fmt.Errorf("birth_date %q, want %q", c.Values[cBirth], want)
	}
	return nil
}

func wantEmptied(k int) func(o, c *dc01.Row) error {
	return func(o, c *dc01.Row) error {
		if o.Values[k] == "" || c.Values[k] != "" {
			return fmt.Errorf("%s %q -> %q, want emptied", colName(k), o.Values[k], c.Values[k])
		}
		return nil
	}
}

func wantDigitEdit(k int) func(o, c *dc01.Row) error {
	return func(o, c *dc01.Row) error {
		if !digitsEdit(o.Values[k], c.Values[k]) {
			return fmt.Errorf("%s %q -> %q is not one digit", colName(k), o.Values[k], c.Values[k])
		}
		return nil
	}
}

// TestEachClassMakesItsKindOfDifference applies every class to people it
// applies to and checks the copy differs in the intended way and in the
// intended columns only.
func TestEachClassMakesItsKindOfDifference(t *testing.T) {
	g := newTestGen(t, 11)
	for _, info := range ClassTable {
		t.Run(string(info.Class), func(t *testing.T) {
			chk, ok := classChecks[info.Class]
			if !ok {
				t.Fatalf("no check for class %s", info.Class)
			}
			tried := 0
			for p := 0; p < g.nOrig && tried < 40; p++ {
				if !info.applies(g.ctxFor(p)) {
					continue
				}
				tried++
				orig := g.recs[p].row
				rc := &rec{row: orig, commune: g.recs[p].commune}
				ctx := &copyCtx{g: g, orig: &g.recs[p].row, row: &rc.row, rc: rc}
				if !info.apply(ctx) {
					t.Errorf("%s: applies but did not apply to %q", orig.RecordRef(), orig.Values[cName])
					continue
				}
				for k := range orig.Values {
					if orig.Values[k] != rc.row.Values[k] && !slices.Contains(chk.columns, colName(k)) {
						t.Errorf("%s: changed %s (%q -> %q), which %s must not touch", orig.RecordRef(), colName(k), orig.Values[k], rc.row.Values[k], info.Class)
					}
				}
				if err := chk.ok(&orig, &rc.row); err != nil {
					t.Errorf("%s (%q): %v", orig.RecordRef(), orig.Values[cName], err)
				}
			}
			if tried < 10 {
				t.Errorf("only %d of %d people qualify for %s", tried, g.nOrig, info.Class)
			}
		})
	}
}

func TestEveryClassIsDocumentedAndChecked(t *testing.T) {
	seen := map[Class]bool{}
	for _, c := range ClassTable {
		if seen[c.Class] {
			t.Errorf("class %s listed twice", c.Class)
		}
		seen[c.Class] = true
		if c.About == "" || c.Weight <= 0 || c.Group == "" {
			t.Errorf("class %s lacks a description, weight or group", c.Class)
		}
	}
	if len(classChecks) != len(ClassTable) {
		t.Errorf("%d checks for %d classes", len(classChecks), len(ClassTable))
	}
}
