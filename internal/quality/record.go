package quality

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"dancu/internal/idnumber"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// Person is what the cross-record rules need of a citizen: a compact copy,
// so a full re-scan can hold the whole register in memory.
type Person struct {
	CitizenID    string
	RecordRef    string
	IDNumber     string
	OldIDNumber  string
	Cancelled    []string
	BirthDate    pdate.Date
	Status       registry.Status
	Household    string
	Relation     string
	FatherNumber string // 12-digit numbers only: a 9-digit CMND names no one uniquely
	MotherNumber string
	Commune      string
	Province     string
}

// PersonOf takes the compact copy of c. Its strings are cloned: during an
// import they are slices of the source line, which a scan holding a
// million persons would otherwise keep whole.
func PersonOf(c *registry.Citizen) Person {
	return personOf(c, strings.Clone)
}

// personView is PersonOf without the copies, for a Person used while c is.
func personView(c *registry.Citizen) Person {
	return personOf(c, func(s string) string { return s })
}

func personOf(c *registry.Citizen, cl func(string) string) Person {
	return Person{CitizenID: c.ID, RecordRef: cl(c.RecordRef), IDNumber: cl(c.IDNumber), OldIDNumber: cl(c.OldIDNumber),
		Cancelled: c.CancelledIDNumbers, BirthDate: c.BirthDate, Status: c.Status, Household: cl(c.HouseholdRef),
		Relation: cl(c.RelationToHead), FatherNumber: cl(number12(c.Father.IDNumber)), MotherNumber: cl(number12(c.Mother.IDNumber)),
		Commune: cl(c.Permanent.Commune), Province: cl(c.Permanent.Province)}
}

// Equal reports two copies that every cross-record rule reads alike.
func (p Person) Equal(o Person) bool {
	return p.CitizenID == o.CitizenID && p.RecordRef == o.RecordRef && p.IDNumber == o.IDNumber && p.OldIDNumber == o.OldIDNumber &&
		slices.Equal(p.Cancelled, o.Cancelled) && p.BirthDate == o.BirthDate && p.Status == o.Status && p.Household == o.Household &&
		p.Relation == o.Relation && p.FatherNumber == o.FatherNumber && p.MotherNumber == o.MotherNumber &&
		p.Commune == o.Commune && p.Province == o.Province
}

func number12(s string) string {
	if len(s) == 12 {
		return s
	}
	return ""
}

// active reports a record the cross-record rules consider: merged records
// are folded into another one and dead people are no household's members.
func (p *Person) active() bool { return p.Status != registry.Merged && p.Status != registry.Dead }

// Engine runs the rules. Units checks unit codes and maps places to ID
// prefixes; Now decides what "in the future" means.
type Engine struct {
	Units *units.Catalog
	Now   func() time.Time
}

// New returns an engine on the default catalog and clock when nil.
func New(cat *units.Catalog, now func() time.Time) *Engine {
	if cat == nil {
		cat = units.Default()
	}
	if now == nil {
		now = time.Now
	}
	return &Engine{Units: cat, Now: now}
}

// Record runs the record rules on one citizen. Merged records are not
// checked: they live on in the surviving record.
func (e *Engine) Record(c *registry.Citizen) []Finding {
	if c.Status == registry.Merged {
		return nil
	}
	p := PersonOf(c)
	var out []Finding
	out = e.idStructure(c, &p, out)
	out = e.dates(c, &p, out)
	out = missing(c, &p, out)
	out = e.codes(c, &p, out)
	if c.Status == registry.Dead || !c.DeathDate.IsZero() {
		for _, r := range []struct {
			field string
			res   registry.Residence
		}{{"permanent", c.Permanent}, {"temporary", c.Temporary}} {
			if r.res.Registered() {
				out = append(out, newFinding(CodeDeadWithResidence, &p, []string{"status", r.field},
					fmt.Sprintf("Người đã chết (%s) còn đăng ký %s", dateOr(c.DeathDate, "không rõ ngày"), residenceVI[r.field]),
					fmt.Sprintf("dead (%s) but still has a %s residence registration", dateOr(c.DeathDate, "date unknown"), r.field)))
			}
		}
	}
	return out
}

var residenceVI = map[string]string{"permanent": "thường trú", "temporary": "tạm trú", "current": "nơi ở hiện tại"}

func dateOr(d pdate.Date, unknown string) string {
	if d.IsZero() {
		return unknown
	}
	return d.String()
}

// idStructure reuses idnumber.Check for the century/sex/year digits and
// registry.PlacePrefixes for the birth-registration province, which may
// be written in either unit list (domain.md §1.4: warn, never reject).
func (e *Engine) idStructure(c *registry.Citizen, p *Person, out []Finding) []Finding {
	if c.IDNumber == "" {
		return out
	}
	sex := idnumber.Sex(0)
	switch c.Sex {
	case registry.Male:
		sex = idnumber.Male
	case registry.Female:
		sex = idnumber.Female
	}
	for _, w := range idnumber.Check(c.IDNumber, c.BirthDate.Year, sex, "") {
		fields := ruleByCode[w.Code].Fields
		out = append(out, newFinding(w.Code, p, fields, w.MessageVI, w.Message))
	}
	if !idnumber.Valid(c.IDNumber) || !idnumber.KnownPrefix(c.IDNumber[:3]) {
		return out
	}
	allowed := registry.PlacePrefixes(e.Units, c.BirthRegistration)
	if len(allowed) == 0 {
		return out
	}
	for _, pre := range allowed {
		if pre == c.IDNumber[:3] {
			return out
		}
	}
	name, _ := idnumber.ProvinceName(c.IDNumber[:3])
	place := c.BirthRegistration.Text
	if place == "" {
		place = c.BirthRegistration.Code
	}
	return append(out, newFinding(CodeIDProvinceMismatch, p, nil,
		fmt.Sprintf("Mã %s (%s) trong số định danh khác nơi đăng ký khai sinh %s", c.IDNumber[:3], name, place),
		fmt.Sprintf("ID number prefix %s (%s) does not match the birth-registration place %s", c.IDNumber[:3], name, place)))
}

func (e *Engine) dates(c *registry.Citizen, p *Person, out []Finding) []Finding {
	now := e.Now()
	ok := map[string]bool{}
	for _, d := range []struct {
		field string
		vi    string
		date  pdate.Date
	}{{"birth_date", "Ngày sinh", c.BirthDate}, {"death_date", "Ngày chết", c.DeathDate}} {
		if d.date.IsZero() {
			continue
		}
		if err := d.date.Validate(); err != nil {
			out = append(out, newFinding(CodeDateInvalid, p, []string{d.field},
				fmt.Sprintf("%s %04d-%02d-%02d không tồn tại", d.vi, d.date.Year, d.date.Month, d.date.Day),
				fmt.Sprintf("%s %04d-%02d-%02d does not exist: %v", d.field, d.date.Year, d.date.Month, d.date.Day, err)))
			continue
		}
		ok[d.field] = true
		if d.date.Precision() != pdate.Day {
			out = append(out, newFinding(CodeDatePartial, p, []string{d.field},
				fmt.Sprintf("%s chỉ có %s (%s)", d.vi, map[pdate.Precision]string{pdate.Year: "năm", pdate.Month: "tháng và năm"}[d.date.Precision()], d.date),
				fmt.Sprintf("%s is only %s (%s)", d.field, map[pdate.Precision]string{pdate.Year: "a year", pdate.Month: "a year and month"}[d.date.Precision()], d.date)))
		}
		if d.date.Earliest().After(now) {
			out = append(out, newFinding(CodeDateFuture, p, []string{d.field},
				fmt.Sprintf("%s %s ở tương lai", d.vi, d.date), fmt.Sprintf("%s %s is in the future", d.field, d.date)))
		}
	}
	if ok["birth_date"] && ok["death_date"] && c.DeathDate.Latest().Before(c.BirthDate.Earliest()) {
		out = append(out, newFinding(CodeDeathBeforeBirth, p, nil,
			fmt.Sprintf("Ngày chết %s trước ngày sinh %s", c.DeathDate, c.BirthDate),
			fmt.Sprintf("death date %s is before the birth date %s", c.DeathDate, c.BirthDate)))
	}
	if ok["birth_date"] && c.Status == registry.Alive && c.DeathDate.IsZero() {
		if lo, _ := c.BirthDate.AgeAt(now); lo > MaxAge {
			out = append(out, newFinding(CodeTooOld, p, nil,
				fmt.Sprintf("Sinh %s, còn sống và đã hơn %d tuổi", c.BirthDate, MaxAge),
				fmt.Sprintf("born %s, alive and older than %d", c.BirthDate, MaxAge)))
		}
	}
	return out
}

// missing emits one finding per missing field, so the "fields missing"
// metric is a count of findings.
func missing(c *registry.Citizen, p *Person, out []Finding) []Finding {
	miss := func(code, field, vi string) {
		out = append(out, newFinding(code, p, []string{field},
			"Thiếu "+vi, "missing "+field))
	}
	if c.FullName == "" {
		miss(CodeMissingRequired, "full_name", "họ, chữ đệm và tên khai sinh")
	}
	if c.BirthDate.IsZero() {
		miss(CodeMissingRequired, "birth_date", "ngày, tháng, năm sinh")
	}
	if c.Sex != registry.Male && c.Sex != registry.Female {
		miss(CodeMissingRequired, "sex", "giới tính")
	}
	if c.Ethnicity == "" {
		miss(CodeMissingRequired, "ethnicity", "dân tộc")
	}
	if c.Nationality == "" {
		miss(CodeMissingRequired, "nationality", "quốc tịch")
	}
	// A living person is registered somewhere: permanently, or at least
	// where they live now (people without a permanent residence declare
	// their current one, Luật Cư trú art. 19).
	if c.Status == registry.Alive && c.Permanent.Commune == "" && c.Current.Commune == "" {
		miss(CodeMissingRequired, "permanent", "nơi thường trú (hoặc nơi ở hiện tại)")
	}
	if c.BirthRegistration.Code == "" && c.BirthRegistration.Text == "" {
		miss(CodeMissingRecommended, "birth_registration_place", "nơi đăng ký khai sinh")
	}
	if c.Hometown.Code == "" && c.Hometown.Text == "" {
		miss(CodeMissingRecommended, "hometown", "quê quán")
	}
	if c.Religion == "" {
		miss(CodeMissingRecommended, "religion", "tôn giáo")
	}
	return out
}

func (e *Engine) codes(c *registry.Citizen, p *Person, out []Finding) []Finding {
	unknown := func(field, code, why string) {
		out = append(out, newFinding(CodeUnknownUnit, p, []string{field},
			fmt.Sprintf("Mã đơn vị %s (%s) không có trong danh mục: %s", code, field, why),
			fmt.Sprintf("unit code %s (%s) is not in the unit list: %s", code, field, why)))
	}
	for _, r := range []struct {
		field string
		res   registry.Residence
	}{{"permanent", c.Permanent}, {"temporary", c.Temporary}, {"current", c.Current}} {
		if r.res.Commune == "" {
			if r.res.Province != "" {
				if u, ok := e.Units.Lookup(units.List2025July, r.res.Province); !ok || u.Level != units.Province {
					unknown(r.field, r.res.Province, "no such province in "+string(units.List2025July))
				}
			}
			continue
		}
		u, ok := e.Units.Lookup(units.List2025July, r.res.Commune)
		switch {
		case !ok || u.Level != units.Commune:
			unknown(r.field, r.res.Commune, "no such commune in "+string(units.List2025July))
		case r.res.Province != "" && r.res.Province != u.ParentCode:
			unknown(r.field, r.res.Province, "commune "+r.res.Commune+" lies in province "+u.ParentCode)
		}
	}
	for _, pl := range []struct {
		field string
		place registry.Place
	}{{"birth_registration_place", c.BirthRegistration}, {"hometown", c.Hometown}} {
		if pl.place.Code == "" {
			continue
		}
		list := units.ListID(pl.place.List)
		if list == "" {
			list = units.List2025July
		}
		if _, ok := e.Units.Lookup(list, pl.place.Code); !ok {
			unknown(pl.field, pl.place.Code, "no such unit in "+string(list))
		}
	}
	if c.Ethnicity != "" && registry.EthnicityName(c.Ethnicity) == "" {
		out = append(out, newFinding(CodeUnknownEthnicity, p, nil,
			fmt.Sprintf("Mã dân tộc %q không có trong danh mục QĐ 121-TCTK (01–%02d)", c.Ethnicity, len(registry.Ethnicities)),
			fmt.Sprintf("ethnicity code %q is not in the QĐ 121-TCTK list (01–%02d)", c.Ethnicity, len(registry.Ethnicities))))
	}
	if c.Religion != "" && registry.ReligionName(c.Religion) == "" {
		out = append(out, newFinding(CodeUnknownReligion, p, nil,
			fmt.Sprintf("Mã tôn giáo %q không có trong danh mục QĐ 1019/QĐ-TCTK (00–%02d)", c.Religion, len(registry.Religions)-1),
			fmt.Sprintf("religion code %q is not in the QĐ 1019/QĐ-TCTK list (00–%02d)", c.Religion, len(registry.Religions)-1)))
	}
	return out
}
