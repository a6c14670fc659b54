package share

import (
	"encoding/json"
	"slices"
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/textfold"
)

// Answers per field.
const (
	Match   = "match"
	NoMatch = "no_match"
)

// MatchQuery is what an agency asks about one ID number. Empty fields are
// not asked. It is validated (Normalize) before it reaches the register.
type MatchQuery struct {
	IDNumber    string `json:"id_number"`
	FullName    string `json:"full_name,omitempty"`
	BirthDate   string `json:"birth_date,omitempty"`
	Sex         string `json:"sex,omitempty"`
	OldIDNumber string `json:"old_id_number,omitempty"`
	// Address is matched against the permanent residence: Commune as a
	// unit code of the newest list, or Text as folded free text.
	AddressCommune string `json:"address_commune,omitempty"`
	AddressText    string `json:"address_text,omitempty"`
}

// Subject is what the register holds for matching one ID number: the
// projection columns, never the whole record. Address is filled only when
// asked for (it lives in the record, not the projection).
type Subject struct {
	CitizenID   string
	NameKey     string // textfold.Fold(full name)
	BirthDate   pdate.Date
	Sex         registry.Sex
	OldIDNumber string
	Commune     string
	Address     string
}

// MatchResult is the answer: per asked field match or no_match, and
// overall match only when the number is known and every asked field
// matches. It carries no personal data.
type MatchResult struct {
	Result string            `json:"result"`
	Fields map[string]string `json:"fields"`
}

// Asked lists the fields a query asks about, id_number first.
func (q MatchQuery) Asked() []string {
	out := []string{"id_number"}
	for _, f := range []struct {
		name, v string
	}{{"full_name", q.FullName}, {"birth_date", q.BirthDate}, {"sex", q.Sex}, {"old_id_number", q.OldIDNumber},
		{"address_commune", q.AddressCommune}, {"address_text", q.AddressText}} {
		if f.v != "" {
			out = append(out, f.name)
		}
	}
	return out
}

// Compare answers q against s; s is nil when the number is unknown.
// The rules (also in openapi.json, POST /api/v1/verify/match):
//   - full_name: equal after textfold.Fold (no diacritics, đ→d, lower
//     case, runs of white space as one space, trimmed);
//   - birth_date: equal at the precision both sides have (a year-only
//     record matches any date of that year; a year-only query any record
//     of that year);
//   - sex: M or F, case-insensitive;
//   - old_id_number: exact digits;
//   - address_commune: equal unit code; address_text: equal after folding
//     with commas and periods removed.
func Compare(q MatchQuery, s *Subject) MatchResult {
	r := MatchResult{Result: Match, Fields: make(map[string]string, 7)}
	set := func(name string, ok bool) {
		if s == nil || !ok {
			r.Fields[name], r.Result = NoMatch, NoMatch
			return
		}
		r.Fields[name] = Match
	}
	set("id_number", true)
	if s == nil {
		for _, f := range q.Asked()[1:] {
			set(f, false)
		}
		return r
	}
	if q.FullName != "" {
		set("full_name", textfold.Fold(q.FullName) == s.NameKey)
	}
	if q.BirthDate != "" {
		d, err := pdate.Parse(q.BirthDate)
		set("birth_date", err == nil && sameDate(d, s.BirthDate))
	}
	if q.Sex != "" {
		set("sex", strings.EqualFold(q.Sex, string(s.Sex)))
	}
	if q.OldIDNumber != "" {
		set("old_id_number", q.OldIDNumber == s.OldIDNumber)
	}
	if q.AddressCommune != "" {
		set("address_commune", q.AddressCommune == s.Commune)
	}
	if q.AddressText != "" {
		set("address_text", s.Address != "" && FoldAddress(q.AddressText) == FoldAddress(s.Address))
	}
	return r
}

// sameDate compares two partial dates at the precision both have.
func sameDate(a, b pdate.Date) bool {
	if a.IsZero() || b.IsZero() || a.Year != b.Year {
		return false
	}
	p := min(a.Precision(), b.Precision())
	if p >= pdate.Month && a.Month != b.Month {
		return false
	}
	return p < pdate.Day || a.Day == b.Day
}

// FoldAddress is the comparison key of free-text addresses.
func FoldAddress(s string) string {
	return textfold.Fold(strings.NewReplacer(",", " ", ".", " ").Replace(s))
}

// AppendJSON appends r as encoding/json encodes it (the fields' names in
// sorted order), without reflection or the map encoder's sorted copy of
// the keys: a verification answers with it on every call. Names and
// answers are this package's constants, plain lower-case words; anything
// else goes through encoding/json.
func (r MatchResult) AppendJSON(b []byte) []byte {
	var keys [8]string
	n := 0
	plain := r.Fields != nil && len(r.Fields) <= len(keys) && plainWord(r.Result)
	for k, v := range r.Fields {
		if !plain || !plainWord(k) || !plainWord(v) {
			plain = false
			break
		}
		keys[n] = k
		n++
	}
	if !plain {
		out, err := json.Marshal(r)
		if err != nil { // a map of strings always encodes
			panic(err)
		}
		return append(b, out...)
	}
	slices.Sort(keys[:n])
	b = append(append(append(b, `{"result":"`...), r.Result...), `","fields":{`...)
	for i, k := range keys[:n] {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(append(append(append(b, '"'), k...), `":"`...), r.Fields[k]...), '"')
	}
	return append(b, "}}"...)
}

// plainWord says whether s needs no escaping in JSON: letters, digits, _.
func plainWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
