package quality

import (
	"slices"
	"testing"
	"time"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/units"
)

var testNow = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

func engine() *Engine { return New(units.Default(), func() time.Time { return testNow }) }

// base is a clean record: it breaks no rule.
func base() registry.Citizen {
	ht := registry.Place{Code: "42", List: string(units.List2025July), Text: "Tỉnh Hà Tĩnh"}
	return registry.Citizen{ID: "c1", RecordRef: "r1", IDNumber: "042090000123", FullName: "Nguyễn Văn Hùng",
		BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, BirthRegistration: ht, Hometown: ht,
		Ethnicity: "01", Religion: "00", Nationality: "VN", Status: registry.Alive,
		Permanent: registry.Residence{Commune: "18073", Province: "42"}}
}

func codes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func TestBaseIsClean(t *testing.T) {
	c := base()
	if fs := engine().Record(&c); len(fs) != 0 {
		t.Fatalf("base record has findings: %+v", fs)
	}
}

// TestRecordRules gives every record rule a record that triggers it and a
// near miss that does not.
func TestRecordRules(t *testing.T) {
	for _, tc := range []struct {
		code      string
		trigger   func(*registry.Citizen)
		untrigger func(*registry.Citizen)
	}{
		{CodeIDInvalidFormat, func(c *registry.Citizen) { c.IDNumber = "042090000000" }, func(c *registry.Citizen) { c.IDNumber = "042090000001" }},
		{CodeIDUnknownPrefix, func(c *registry.Citizen) { c.IDNumber = "003090000123" }, func(c *registry.Citizen) { c.IDNumber = "042090000123" }},
		{CodeIDProvinceMismatch, func(c *registry.Citizen) { c.IDNumber = "001090000123" }, func(c *registry.Citizen) {
			c.IDNumber = "001090000123"
			c.BirthRegistration = registry.Place{Code: "01", List: string(units.List2025July)}
		}},
		{CodeIDBirthYear, func(c *registry.Citizen) { c.BirthDate = pdate.Full(1991, 5, 15) }, func(c *registry.Citizen) { c.BirthDate = pdate.Full(1990, 12, 31) }},
		{CodeIDSex, func(c *registry.Citizen) { c.Sex = registry.Female }, func(c *registry.Citizen) { c.IDNumber, c.Sex = "042190000123", registry.Female }},
		{CodeDateInvalid, func(c *registry.Citizen) { c.BirthDate = pdate.Date{Year: 1990, Month: 2, Day: 30} }, func(c *registry.Citizen) { c.BirthDate = pdate.Date{Year: 1990, Month: 2, Day: 28} }},
		{CodeDatePartial, func(c *registry.Citizen) { c.BirthDate = pdate.Date{Year: 1990} }, func(c *registry.Citizen) { c.BirthDate = pdate.Full(1990, 1, 1) }},
		{CodeDateFuture, func(c *registry.Citizen) { c.IDNumber, c.BirthDate = "", pdate.Full(2026, 3, 1) }, func(c *registry.Citizen) { c.IDNumber, c.BirthDate = "", pdate.Full(2026, 1, 4) }},
		{CodeDeathBeforeBirth, func(c *registry.Citizen) {
			c.Status, c.DeathDate, c.Permanent = registry.Dead, pdate.Full(1989, 1, 1), registry.Residence{}
		}, func(c *registry.Citizen) {
			c.Status, c.DeathDate, c.Permanent = registry.Dead, pdate.Full(2020, 1, 1), registry.Residence{}
		}},
		{CodeTooOld, func(c *registry.Citizen) { c.IDNumber, c.BirthDate = "", pdate.Full(1901, 1, 1) }, func(c *registry.Citizen) {
			c.IDNumber, c.BirthDate, c.Status, c.DeathDate, c.Permanent = "", pdate.Full(1901, 1, 1), registry.Dead, pdate.Full(1990, 1, 1), registry.Residence{}
		}},
		{CodeMissingRequired, func(c *registry.Citizen) { c.Ethnicity = "" }, func(c *registry.Citizen) { c.Religion = "01" }},
		{CodeMissingRequired, func(c *registry.Citizen) { c.Permanent = registry.Residence{} }, func(c *registry.Citizen) {
			c.Permanent, c.Current = registry.Residence{}, registry.Residence{Commune: "18073", Province: "42"}
		}},
		{CodeMissingRecommended, func(c *registry.Citizen) { c.Religion = "" }, func(c *registry.Citizen) { c.Hometown = registry.Place{Text: "Xã Xuân Lộc"} }},
		{CodeUnknownUnit, func(c *registry.Citizen) { c.Permanent.Commune = "99999" }, func(c *registry.Citizen) { c.Permanent.Commune = "18100" }},
		{CodeUnknownUnit, func(c *registry.Citizen) { c.Permanent.Province = "01" }, func(c *registry.Citizen) { c.Temporary = registry.Residence{Commune: "00004", Province: "01"} }},
		{CodeUnknownEthnicity, func(c *registry.Citizen) { c.Ethnicity = "55" }, func(c *registry.Citizen) { c.Ethnicity = "54" }},
		{CodeUnknownReligion, func(c *registry.Citizen) { c.Religion = "15" }, func(c *registry.Citizen) { c.Religion = "14" }},
		{CodeDeadWithResidence, func(c *registry.Citizen) { c.Status, c.DeathDate = registry.Dead, pdate.Full(2020, 1, 1) }, func(c *registry.Citizen) {
			c.Status, c.DeathDate, c.Permanent = registry.Dead, pdate.Full(2020, 1, 1), registry.Residence{}
		}},
		// The registration deleted on death (Luật Cư trú art. 24): the
		// place stays as the last residence, and nothing is left to fix.
		{CodeDeadWithResidence, func(c *registry.Citizen) { c.Status, c.DeathDate = registry.Dead, pdate.Full(2020, 1, 1) }, func(c *registry.Citizen) {
			c.Status, c.DeathDate = registry.Dead, pdate.Full(2020, 1, 1)
			registry.SettleResidence(c)
		}},
	} {
		t.Run(tc.code, func(t *testing.T) {
			c := base()
			tc.trigger(&c)
			fs := engine().Record(&c)
			if !slices.Contains(codes(fs), tc.code) {
				t.Errorf("trigger: %s not found in %v", tc.code, codes(fs))
			}
			for _, f := range fs {
				if f.Code == tc.code && (f.CitizenID != "c1" || f.RecordRef != "r1" || f.MessageVI == "" || f.MessageEN == "" || len(f.Fields) == 0 || f.Commune != c.Permanent.Commune) {
					t.Errorf("finding incomplete: %+v", f)
				}
			}
			c = base()
			tc.untrigger(&c)
			if got := codes(engine().Record(&c)); slices.Contains(got, tc.code) {
				t.Errorf("near miss: %s found in %v", tc.code, got)
			}
		})
	}
}

func TestEveryRuleDocumented(t *testing.T) {
	for _, r := range Rules() {
		if r.Code == "" || (r.Severity != Error && r.Severity != Warning) || r.MessageVI == "" || r.MessageEN == "" || len(r.Fields) == 0 || r.Scope == "" {
			t.Errorf("rule incomplete: %+v", r)
		}
	}
}

func person(id string, mutate func(*Person)) Person {
	p := Person{CitizenID: id, RecordRef: "ref-" + id, Status: registry.Alive, BirthDate: pdate.Full(1990, 1, 1), Commune: "18073", Province: "42"}
	if mutate != nil {
		mutate(&p)
	}
	return p
}

func TestHouseholdRules(t *testing.T) {
	e := engine()
	head := func(p *Person) { p.Relation = "head" }
	spouse := func(p *Person) { p.Relation = "spouse" }
	dead := func(p *Person) { p.Relation, p.Status = "head", registry.Dead }
	for _, tc := range []struct {
		name    string
		members []Person
		want    map[string]int // code -> findings
	}{
		{"one head", []Person{person("a", head), person("b", spouse)}, nil},
		{"no head", []Person{person("a", spouse), person("b", spouse)}, map[string]int{CodeHouseholdNoHead: 2}},
		{"dead head only", []Person{person("a", dead), person("b", spouse)}, map[string]int{CodeHouseholdNoHead: 1}},
		{"two heads", []Person{person("a", head), person("b", head), person("c", spouse)}, map[string]int{CodeHouseholdManyHeads: 2}},
		{"dead second head", []Person{person("a", head), person("b", dead)}, nil},
	} {
		got := map[string]int{}
		for _, f := range e.Household("H1", tc.members) {
			got[f.Code]++
			if f.Subject != "H1" {
				t.Errorf("%s: subject %q", tc.name, f.Subject)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

func TestParentRules(t *testing.T) {
	e := engine()
	born := func(d pdate.Date) func(*Person) {
		return func(p *Person) { p.BirthDate = d; p.IDNumber = "x" + p.CitizenID }
	}
	for _, tc := range []struct {
		name           string
		child          Person
		father, mother *Person
		want           string
	}{
		{"child before father", person("k", born(pdate.Full(1990, 1, 1))), ptr(person("f", born(pdate.Full(1991, 1, 1)))), nil, CodeChildBeforeParent},
		{"father older", person("k", born(pdate.Full(1990, 1, 1))), ptr(person("f", born(pdate.Full(1960, 1, 1)))), nil, ""},
		{"mother 11", person("k", born(pdate.Full(1990, 1, 1))), nil, ptr(person("m", born(pdate.Full(1978, 6, 1)))), CodeParentTooYoung},
		{"mother 12", person("k", born(pdate.Full(1990, 1, 1))), nil, ptr(person("m", born(pdate.Full(1977, 12, 31)))), ""},
		{"partial dates may agree", person("k", born(pdate.Date{Year: 1990})), ptr(person("f", born(pdate.Date{Year: 1990}))), nil, CodeParentTooYoung},
		{"partial, same year, months apart", person("k", born(pdate.Date{Year: 1990, Month: 1})), ptr(person("f", born(pdate.Date{Year: 1990, Month: 3}))), nil, CodeChildBeforeParent},
	} {
		fs := e.Parents(&tc.child, tc.father, tc.mother)
		got := ""
		if len(fs) > 0 {
			got = fs[0].Code
			if fs[0].CitizenID != "k" {
				t.Errorf("%s: finding on %s, want the child", tc.name, fs[0].CitizenID)
			}
		}
		if got != tc.want || len(fs) > 1 {
			t.Errorf("%s: got %v, want %q", tc.name, codes(fs), tc.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestNumberRules(t *testing.T) {
	e := engine()
	a := person("a", func(p *Person) { p.IDNumber, p.OldIDNumber = "042090000123", "183456789" })
	b := person("b", func(p *Person) {
		p.IDNumber, p.Cancelled, p.OldIDNumber = "042090000456", []string{"042090000123"}, "183456789"
	})
	if got := codes(e.SameNumber("042090000123", []Person{a, b})); len(got) != 2 || got[0] != CodeDuplicateIDNumber {
		t.Errorf("current vs cancelled: %v", got)
	}
	if got := e.SameNumber("042090000123", []Person{a, a}); len(got) != 0 {
		t.Errorf("one person twice: %v", got)
	}
	if got := codes(e.SameOldNumber("183456789", []Person{a, b})); len(got) != 2 || got[0] != CodeDuplicateOldNumber {
		t.Errorf("old number: %v", got)
	}
	if got := e.SameOldNumber("183456789", []Person{a}); len(got) != 0 {
		t.Errorf("old number, one holder: %v", got)
	}
}

// TestScanner runs the cross-record rules through a full scan.
func TestScanner(t *testing.T) {
	var got []Finding
	s := engine().NewScanner(func(fs []Finding) error { got = append(got, fs...); return nil })
	father := base()
	father.ID, father.RecordRef, father.IDNumber, father.BirthDate, father.HouseholdRef, father.RelationToHead = "f", "rf", "042085000001", pdate.Full(1985, 1, 1), "H1", "head"
	child := base()
	child.ID, child.RecordRef, child.IDNumber, child.BirthDate, child.HouseholdRef, child.RelationToHead = "k", "rk", "042080000002", pdate.Full(1980, 1, 1), "H1", "head"
	child.Father.IDNumber = father.IDNumber
	other := base()
	other.ID, other.RecordRef, other.IDNumber, other.OldIDNumber, other.HouseholdRef, other.RelationToHead = "o", "ro", "042090000999", "111111111", "H2", "head"
	twin := other
	twin.ID, twin.RecordRef, twin.IDNumber, twin.HouseholdRef = "t", "rt", "042090000998", ""
	for _, c := range []registry.Citizen{father, child, other, twin} {
		if err := s.Add(&c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Finish(); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, f := range got {
		count[f.Code]++
	}
	// child: born before the father; H1 has two heads; o and t share a CMND.
	want := map[string]int{CodeChildBeforeParent: 1, CodeHouseholdManyHeads: 2, CodeDuplicateOldNumber: 2}
	for k, v := range want {
		if count[k] != v {
			t.Errorf("%s: %d findings, want %d (all: %v)", k, count[k], v, count)
		}
	}
	if len(got) != 5 {
		t.Errorf("findings %v", codes(got))
	}
}
