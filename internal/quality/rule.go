// Package quality is the data-quality rules engine of the register: the
// rules a record must meet to be "đúng, đủ, sạch, sống" (correct,
// complete, clean, alive), the findings they produce, and the per-unit
// metrics built from those findings.
//
// Rules come in two kinds. Record rules look at one citizen. Cross-record
// rules look at a group of related records: the members of a household,
// the holders of one ID number, a child and its parents (linked by ID
// number). The caller provides the groups, so a full re-scan is one pass
// over the register plus in-memory indexes (Scanner), and a single change
// re-checks only the groups it touches. The package imports no SQL or
// HTTP package.
package quality

import "sort"

// Severity of a rule. An error means the record is not clean; a warning
// asks for a review but the record stays clean.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Scope says what a rule looks at, and so which findings a change
// replaces.
type Scope string

const (
	// ScopeRecord rules read one citizen.
	ScopeRecord Scope = "record"
	// ScopeHousehold rules read the members of one household_ref; the
	// finding's Subject is the household_ref.
	ScopeHousehold Scope = "household"
	// ScopeParents rules read a child and the parents its record names by
	// ID number; findings sit on the child, Subject is the parent's number.
	ScopeParents Scope = "parents"
	// ScopeNumber rules read every holder of one ID number (current or
	// cancelled) or one 9-digit CMND number; Subject is the number.
	ScopeNumber Scope = "number"
)

// Rule describes one check. Code is stable: reports, the API and stored
// findings use it.
type Rule struct {
	Code      string   `json:"code"`
	Severity  Severity `json:"severity"`
	Scope     Scope    `json:"scope"`
	Fields    []string `json:"fields"`
	MessageVI string   `json:"message_vi"`
	MessageEN string   `json:"message_en"`
}

// Finding is one rule broken by one citizen's record. The messages say
// what exactly is wrong with this record; the rule's messages say what the
// rule checks.
type Finding struct {
	Code      string   `json:"code"`
	Severity  Severity `json:"severity"`
	Scope     Scope    `json:"scope"`
	CitizenID string   `json:"citizen_id"`
	RecordRef string   `json:"record_ref,omitempty"`
	Fields    []string `json:"fields"`
	// Subject is the shared key of a cross-record finding: the
	// household_ref, the ID number, or the parent's number.
	Subject   string `json:"subject,omitempty"`
	MessageVI string `json:"message_vi"`
	MessageEN string `json:"message_en"`
	// Commune and Province are the citizen's permanent residence (newest
	// list), for per-unit aggregation and jurisdiction.
	Commune  string `json:"commune,omitempty"`
	Province string `json:"province,omitempty"`
}

// Rule codes.
const (
	CodeIDInvalidFormat    = "id.invalid_format"
	CodeIDUnknownPrefix    = "id.unknown_prefix"
	CodeIDProvinceMismatch = "id.province_mismatch"
	CodeIDBirthYear        = "id.birth_year_mismatch"
	CodeIDSex              = "id.sex_mismatch"

	CodeDateInvalid      = "date.invalid"
	CodeDatePartial      = "date.partial"
	CodeDateFuture       = "date.future"
	CodeDeathBeforeBirth = "date.death_before_birth"
	CodeTooOld           = "date.implausible_age"

	CodeMissingRequired    = "dc01.missing_required"
	CodeMissingRecommended = "dc01.missing_recommended"

	CodeUnknownUnit      = "code.unknown_unit"
	CodeUnknownEthnicity = "code.unknown_ethnicity"
	CodeUnknownReligion  = "code.unknown_religion"

	CodeDeadWithResidence = "residence.dead_with_residence"

	CodeChildBeforeParent = "family.child_born_before_parent"
	CodeParentTooYoung    = "family.parent_too_young"

	CodeHouseholdNoHead    = "household.no_head"
	CodeHouseholdManyHeads = "household.multiple_heads"
	CodeDuplicateIDNumber  = "id.duplicate_number"
	CodeDuplicateOldNumber = "id.duplicate_old_number"
)

// MissingCodes are the rules whose findings each name one missing field;
// the "fields missing" metric counts their findings.
var MissingCodes = []string{CodeMissingRequired, CodeMissingRecommended}

// MinParentAge is the youngest a parent can plausibly be at a child's birth.
const MinParentAge = 12

// MaxAge is the oldest a living person plausibly is.
const MaxAge = 120

var rules = []Rule{
	{CodeIDInvalidFormat, Error, ScopeRecord, []string{"id_number"},
		"Số định danh không đúng định dạng (12 chữ số, 6 số cuối khác 000000)",
		"The ID number is malformed (12 digits, the last 6 not all zero)"},
	{CodeIDUnknownPrefix, Warning, ScopeRecord, []string{"id_number"},
		"Mã nơi đăng ký khai sinh trong số định danh không thuộc 63 mã tỉnh",
		"The ID number's prefix is not one of the 63 province codes"},
	{CodeIDProvinceMismatch, Warning, ScopeRecord, []string{"id_number", "birth_registration_place"},
		"Mã tỉnh trong số định danh khác nơi đăng ký khai sinh",
		"The ID number's province code differs from the birth-registration place"},
	{CodeIDBirthYear, Warning, ScopeRecord, []string{"id_number", "birth_date"},
		"Năm sinh mã hóa trong số định danh khác năm sinh",
		"The birth year encoded in the ID number differs from the birth date"},
	{CodeIDSex, Warning, ScopeRecord, []string{"id_number", "sex"},
		"Giới tính mã hóa trong số định danh khác giới tính",
		"The sex encoded in the ID number differs from the recorded sex"},

	{CodeDateInvalid, Error, ScopeRecord, []string{"birth_date", "death_date"},
		"Ngày tháng không tồn tại",
		"A date does not exist"},
	{CodeDatePartial, Warning, ScopeRecord, []string{"birth_date", "death_date"},
		"Ngày tháng chỉ có năm hoặc tháng năm",
		"A date has only the year or the year and month"},
	{CodeDateFuture, Error, ScopeRecord, []string{"birth_date", "death_date"},
		"Ngày tháng ở tương lai",
		"A date lies in the future"},
	{CodeDeathBeforeBirth, Error, ScopeRecord, []string{"birth_date", "death_date"},
		"Ngày chết trước ngày sinh",
		"The date of death precedes the date of birth"},
	{CodeTooOld, Warning, ScopeRecord, []string{"birth_date", "status"},
		"Người còn sống trên 120 tuổi",
		"A living person is older than 120"},

	{CodeMissingRequired, Error, ScopeRecord, []string{"full_name", "birth_date", "sex", "ethnicity", "nationality", "permanent"},
		"Thiếu trường bắt buộc của phiếu DC01",
		"A required DC01 field is missing"},
	{CodeMissingRecommended, Warning, ScopeRecord, []string{"birth_registration_place", "hometown", "religion"},
		"Thiếu trường của phiếu DC01",
		"A DC01 field is missing"},

	{CodeUnknownUnit, Error, ScopeRecord, []string{"permanent", "temporary", "current", "birth_registration_place", "hometown"},
		"Mã đơn vị hành chính không có trong danh mục",
		"An administrative-unit code is not in the unit list"},
	{CodeUnknownEthnicity, Error, ScopeRecord, []string{"ethnicity"},
		"Mã dân tộc không có trong danh mục",
		"The ethnicity code is not in the code list"},
	{CodeUnknownReligion, Error, ScopeRecord, []string{"religion"},
		"Mã tôn giáo không có trong danh mục",
		"The religion code is not in the code list"},

	{CodeDeadWithResidence, Error, ScopeRecord, []string{"status", "permanent", "temporary"},
		"Người đã chết còn đăng ký cư trú",
		"A dead person still has a residence registration"},

	{CodeChildBeforeParent, Error, ScopeParents, []string{"birth_date", "father", "mother"},
		"Con sinh trước cha hoặc mẹ",
		"The child was born before a parent"},
	{CodeParentTooYoung, Error, ScopeParents, []string{"birth_date", "father", "mother"},
		"Cha hoặc mẹ dưới 12 tuổi khi sinh con",
		"A parent was younger than 12 at the child's birth"},

	{CodeHouseholdNoHead, Error, ScopeHousehold, []string{"household_ref", "relation_to_head"},
		"Hộ không có chủ hộ",
		"The household has no head"},
	{CodeHouseholdManyHeads, Error, ScopeHousehold, []string{"household_ref", "relation_to_head"},
		"Hộ có nhiều chủ hộ",
		"The household has more than one head"},

	{CodeDuplicateIDNumber, Error, ScopeNumber, []string{"id_number"},
		"Một số định danh thuộc hai người",
		"The same ID number belongs to two people"},
	{CodeDuplicateOldNumber, Warning, ScopeNumber, []string{"old_id_number"},
		"Một số CMND 9 số thuộc hai người",
		"The same 9-digit CMND number belongs to two people"},
}

var ruleByCode = func() map[string]Rule {
	m := make(map[string]Rule, len(rules))
	for _, r := range rules {
		m[r.Code] = r
	}
	return m
}()

// Rules lists every rule, sorted by code.
func Rules() []Rule {
	out := append([]Rule(nil), rules...)
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// RuleFor returns the rule with code.
func RuleFor(code string) (Rule, bool) {
	r, ok := ruleByCode[code]
	return r, ok
}

// newFinding starts a finding of rule code about p, with the specific
// messages and fields (nil fields: the rule's).
func newFinding(code string, p *Person, fields []string, vi, en string) Finding {
	r := ruleByCode[code]
	if fields == nil {
		fields = r.Fields
	}
	if vi == "" {
		vi = r.MessageVI
	}
	if en == "" {
		en = r.MessageEN
	}
	return Finding{Code: code, Severity: r.Severity, Scope: r.Scope, CitizenID: p.CitizenID, RecordRef: p.RecordRef,
		Fields: fields, MessageVI: vi, MessageEN: en, Commune: p.Commune, Province: p.Province}
}
