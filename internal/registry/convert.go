package registry

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/dc01"
	"dancu/internal/idnumber"
	"dancu/internal/pdate"
	"dancu/internal/textfold"
	"dancu/internal/units"
)

// Warning is a data-quality finding that does not stop a record: legacy
// data is kept and flagged, never silently dropped or "fixed".
type Warning struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Converter turns import rows into citizens. Unit codes are read in the list
// in force at AsOf (the batch's effective date) and mapped forward.
type Converter struct {
	Units *units.Catalog
	AsOf  time.Time
}

// Converted is the outcome for one row.
type Converted struct {
	Citizen  Citizen
	Errors   []apperr.FieldError
	Warnings []Warning
	// Hash identifies the row's content, for idempotent re-imports.
	Hash uint64
}

// rowCheck accumulates the errors of one row so each is reported with its
// record reference and column.
type rowCheck struct {
	ref      string
	errs     []apperr.FieldError
	warnings []Warning
}

func (c *rowCheck) fail(column string, format string, args ...any) {
	c.errs = append(c.errs, apperr.FieldError{Record: c.ref, Field: column, Reason: fmt.Sprintf(format, args...)})
}

func (c *rowCheck) warn(column, code string, format string, args ...any) {
	c.warnings = append(c.warnings, Warning{Field: column, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Convert validates one row and builds the citizen it describes.
func (cv *Converter) Convert(row *dc01.Row) Converted {
	chk := &rowCheck{ref: row.RecordRef()}
	var z Citizen
	if chk.ref == "" {
		chk.fail("record_ref", "required")
	} else if len(chk.ref) > 64 {
		chk.fail("record_ref", "longer than 64 characters")
	}
	z.RecordRef = chk.ref
	z.Status = Alive

	z.FullName = cv.name(chk, row, "full_name", true)
	z.OtherName = textfold.Clean(row.Get("other_name"))
	z.BirthDate = cv.date(chk, row, "birth_date", true)
	if s := row.Get("sex"); s == "" {
		chk.fail("sex", "required")
	} else if sex, err := ParseSex(s); err != nil {
		chk.fail("sex", "%v", err)
	} else {
		z.Sex = sex
	}
	z.BirthPlace = textfold.Clean(row.Get("birth_place"))
	z.BirthRegistration = cv.place(chk, row, "birth_registration_place")
	z.Hometown = cv.place(chk, row, "hometown")

	z.IDNumber = cv.idNumber(chk, row, "id_number", 12)
	z.OldIDNumber = cv.digits(chk, row, "old_id_number", 9)
	if z.IDNumber != "" && len(chk.errs) == 0 {
		cv.checkIDStructure(chk, &z)
	}

	z.Ethnicity = cv.coded(chk, row, "ethnicity", "01", EthnicityCode)
	z.Religion = cv.coded(chk, row, "religion", "", ReligionCode)
	z.Nationality = cv.nationality(chk, row)
	z.BloodType = cv.bloodType(chk, row)
	z.MaritalStatus = cv.coded(chk, row, "marital_status", "", MaritalStatus)

	z.Permanent = cv.residence(chk, row, "permanent")
	z.Temporary = cv.residence(chk, row, "temporary")
	z.Current = cv.residence(chk, row, "current")

	z.Father = cv.person(chk, row, "father")
	z.Mother = cv.person(chk, row, "mother")
	z.Spouse = cv.person(chk, row, "spouse")
	z.Representative = cv.person(chk, row, "representative")
	z.HouseholdRef = textfold.Clean(row.Get("household_ref"))
	z.HouseholdHead = cv.person(chk, row, "household_head")
	z.RelationToHead = cv.coded(chk, row, "relation_to_head", "", RelationToHead)

	z.Phone = cv.phone(chk, row)
	z.Email = cv.email(chk, row)
	z.DeathDate = cv.date(chk, row, "death_date", false)
	if !z.DeathDate.IsZero() {
		z.Status = Dead
		if !z.BirthDate.IsZero() && z.DeathDate.Latest().Before(z.BirthDate.Earliest()) {
			chk.fail("death_date", "%s is before the birth date %s", z.DeathDate, z.BirthDate)
		}
	}
	if z.IDNumber == "" && len(chk.errs) == 0 {
		if _, err := BlockFor(cv.Units, z); err != nil {
			chk.fail("id_number", "empty, and no number can be assigned: %v", err)
		}
	}
	return Converted{Citizen: z, Errors: chk.errs, Warnings: chk.warnings, Hash: RowHash(row)}
}

// RowHash fingerprints a row's content (not its line number).
func RowHash(row *dc01.Row) uint64 {
	h := fnv.New64a()
	for _, v := range row.Values {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

func (cv *Converter) name(chk *rowCheck, row *dc01.Row, column string, required bool) string {
	raw := row.Get(column)
	if raw == "" {
		if required {
			chk.fail(column, "required")
		}
		return ""
	}
	n := textfold.Name(raw)
	if len([]rune(n)) > 100 {
		chk.fail(column, "longer than 100 characters")
		return ""
	}
	if hasNameSymbol(n) {
		chk.fail(column, "contains digits or symbols that cannot be part of a name")
		return ""
	}
	return n
}

// nameSymbols are the characters that cannot be part of a name, all ASCII.
var nameSymbols = func() (set [256]bool) {
	for _, c := range []byte("0123456789@#$%^&*_=+<>{}[]|\\/;:!?\"") {
		set[c] = true
	}
	return set
}()

// hasNameSymbol is strings.ContainsAny(s, nameSymbols) with the set built
// once: ContainsAny builds it on every call (0.45 s of a 1M import, which
// checks five names a row).
func hasNameSymbol(s string) bool {
	for i := 0; i < len(s); i++ {
		if nameSymbols[s[i]] { // bytes of multi-byte runes are >= 0x80: never in the set
			return true
		}
	}
	return false
}

func (cv *Converter) date(chk *rowCheck, row *dc01.Row, column string, required bool) pdate.Date {
	raw := row.Get(column)
	if raw == "" {
		if required {
			chk.fail(column, "required")
		}
		return pdate.Date{}
	}
	d, err := pdate.Parse(raw)
	if err != nil {
		chk.fail(column, "%v", err)
		return pdate.Date{}
	}
	if !cv.AsOf.IsZero() && d.Earliest().After(cv.AsOf) {
		chk.fail(column, "%s is after the batch date %s", d, cv.AsOf.Format(time.DateOnly))
		return pdate.Date{}
	}
	return d
}

func (cv *Converter) digits(chk *rowCheck, row *dc01.Row, column string, lengths ...int) string {
	raw := row.Get(column)
	if raw == "" {
		return ""
	}
	if strings.Trim(raw, "0123456789") != "" {
		chk.fail(column, "must contain digits only")
		return ""
	}
	for _, n := range lengths {
		if len(raw) == n {
			return raw
		}
	}
	chk.fail(column, "has %d digits, want %s", len(raw), joinInts(lengths))
	return ""
}

func (cv *Converter) idNumber(chk *rowCheck, row *dc01.Row, column string, lengths ...int) string {
	n := cv.digits(chk, row, column, lengths...)
	if len(n) == 12 {
		if _, err := idnumber.Parse(n); err != nil {
			chk.fail(column, "%v", err)
			return ""
		}
	}
	return n
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, " or ")
}

// checkIDStructure flags numbers whose prefix, century/sex digit or year
// disagree with the person; domain.md §1.4 says warn, never reject.
func (cv *Converter) checkIDStructure(chk *rowCheck, z *Citizen) {
	sex := idnumber.Male
	if z.Sex == Female {
		sex = idnumber.Female
	}
	for _, w := range idnumber.Check(z.IDNumber, z.BirthDate.Year, sex, "") {
		chk.warn("id_number", w.Code, "%s", w.Message)
	}
	allowed := PlacePrefixes(cv.Units, z.BirthRegistration)
	if len(allowed) == 0 || !idnumber.KnownPrefix(z.IDNumber[:3]) {
		return
	}
	for _, pre := range allowed {
		if pre == z.IDNumber[:3] {
			return
		}
	}
	name, _ := idnumber.ProvinceName(z.IDNumber[:3])
	chk.warn("id_number", idnumber.CodeProvinceMismatch, "ID number prefix %s (%s) does not match the birth-registration place %s (%s)",
		z.IDNumber[:3], name, z.BirthRegistration.Code, z.BirthRegistration.Text)
}

func (cv *Converter) coded(chk *rowCheck, row *dc01.Row, column, def string, canon func(string) (string, error)) string {
	raw := row.Get(column)
	if raw == "" {
		return def
	}
	code, err := canon(raw)
	if err != nil {
		chk.fail(column, "%v", err)
		return ""
	}
	return code
}

func (cv *Converter) nationality(chk *rowCheck, row *dc01.Row) string {
	raw := strings.ToUpper(row.Get("nationality"))
	if raw == "" {
		return "VN"
	}
	if len(raw) != 2 || raw[0] < 'A' || raw[0] > 'Z' || raw[1] < 'A' || raw[1] > 'Z' {
		chk.fail("nationality", "%q is not an ISO 3166 alpha-2 code", raw)
		return ""
	}
	return raw
}

func (cv *Converter) bloodType(chk *rowCheck, row *dc01.Row) string {
	return optional(chk, "blood_type", row.Get("blood_type"), BloodType)
}

func (cv *Converter) phone(chk *rowCheck, row *dc01.Row) string {
	return optional(chk, "phone", row.Get("phone"), Phone)
}

func (cv *Converter) email(chk *rowCheck, row *dc01.Row) string {
	return optional(chk, "email", row.Get("email"), Email)
}

// optional applies an edit rule (edit_rules.go) to a field that may be
// empty, reporting a bad value as the row's finding.
func optional(chk *rowCheck, field, raw string, rule func(string) (string, error)) string {
	if strings.TrimSpace(raw) == "" {
		return ""
	}
	v, err := rule(raw)
	if err != nil {
		chk.fail(field, "%q %s", raw, err)
		return ""
	}
	return v
}

func (cv *Converter) person(chk *rowCheck, row *dc01.Row, prefix string) PersonRef {
	return PersonRef{
		Name:     cv.name(chk, row, prefix+"_name", false),
		IDNumber: cv.digits(chk, row, prefix+"_id_number", 12, 9),
	}
}

// place reads a unit code (5-digit commune or 2-digit province of the list
// in force at the batch date; an old commune code is mapped forward) or
// keeps free text.
func (cv *Converter) place(chk *rowCheck, row *dc01.Row, column string) Place {
	raw := textfold.Clean(row.Get(column))
	if raw == "" {
		return Place{}
	}
	if strings.Trim(raw, "0123456789") != "" {
		return Place{Text: raw}
	}
	list := cv.Units.ListAt(cv.AsOf)
	if len(raw) == 2 {
		if u, ok := cv.Units.Lookup(list, raw); ok && u.Level == units.Province {
			return Place{Code: u.Code, List: string(list), Text: u.FullName}
		}
	} else if len(raw) == 5 {
		if found, err := cv.Units.ResolveCommune(raw, cv.AsOf); err == nil && len(found) > 0 {
			u := found[0]
			return Place{Code: u.Code, List: string(u.List), Text: u.FullName}
		}
	}
	chk.fail(column, "%s is not a province (2 digits) or commune (5 digits) code of the list in force on %s", raw, cv.AsOf.Format(time.DateOnly))
	return Place{}
}

// residence reads <kind>_commune and <kind>_address.
func (cv *Converter) residence(chk *rowCheck, row *dc01.Row, kind string) Residence {
	code := row.Get(kind + "_commune")
	r := Residence{Address: textfold.Clean(row.Get(kind + "_address"))}
	if code == "" {
		return r
	}
	if len(code) != 5 || strings.Trim(code, "0123456789") != "" {
		chk.fail(kind+"_commune", "%q is not a 5-digit commune code", code)
		return r
	}
	found, err := cv.Units.ResolveCommune(code, cv.AsOf)
	if err != nil || len(found) == 0 {
		chk.fail(kind+"_commune", "unknown commune code %s at %s", code, cv.AsOf.Format(time.DateOnly))
		return r
	}
	if len(found) > 1 {
		chk.warn(kind+"_commune", "unit.split_commune", "old commune %s was split into %d communes; %s was chosen, check the address", code, len(found), found[0].Code)
	}
	r.Commune = found[0].Code
	r.Province = found[0].ParentCode
	if found[0].Code != code {
		r.SourceCode = code
	}
	return r
}
