package registry

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"dancu/internal/pdate"
)

// AppendJSON appends c's JSON encoding, byte for byte what encoding/json
// writes for it (field order, omitempty/omitzero, string escaping,
// RFC 3339 times): stored records are compared and served as stored
// bytes, so the two must never differ. encoding/json's reflection was a
// quarter of the import's parse-and-validate stage (pprof, 200k rows,
// stop 24). A fuzz test holds the two equal (FuzzCitizenJSON).
//
// ok is false for a value this encoder does not write the same way (a date
// that does not validate, which json.Marshal refuses): the caller falls
// back to json.Marshal.
func (c *Citizen) AppendJSON(b []byte) (out []byte, ok bool) {
	w := jsonWriter{b: b, ok: true}
	w.b = append(w.b, '{')
	w.str("id", c.ID, false)
	w.str("id_number", c.IDNumber, true)
	if len(c.CancelledIDNumbers) > 0 {
		w.key("cancelled_id_numbers")
		w.b = append(w.b, '[')
		for i, n := range c.CancelledIDNumbers {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = appendJSONString(w.b, n)
		}
		w.b = append(w.b, ']')
	}
	w.str("old_id_number", c.OldIDNumber, true)
	w.str("full_name", c.FullName, false)
	w.str("other_name", c.OtherName, true)
	w.date("birth_date", c.BirthDate, false)
	w.str("sex", string(c.Sex), false)
	w.str("birth_place", c.BirthPlace, true)
	w.place("birth_registration_place", c.BirthRegistration)
	w.place("hometown", c.Hometown)
	w.str("ethnicity", c.Ethnicity, true)
	w.str("religion", c.Religion, true)
	w.str("nationality", c.Nationality, true)
	w.str("blood_type", c.BloodType, true)
	w.str("marital_status", c.MaritalStatus, true)
	w.residence("permanent", c.Permanent)
	w.residence("temporary", c.Temporary)
	w.residence("current", c.Current)
	w.person("father", c.Father)
	w.person("mother", c.Mother)
	w.person("spouse", c.Spouse)
	w.person("representative", c.Representative)
	if !c.Absence.IsZero() {
		w.key("absence")
		w.b = append(w.b, '{')
		w.str("case", c.Absence.Case, false)
		w.date("from", c.Absence.From, false)
		w.date("until", c.Absence.Until, true)
		w.str("destination", c.Absence.Destination, true)
		w.str("reason", c.Absence.Reason, true)
		w.b = append(w.b, '}')
	}
	w.str("household_ref", c.HouseholdRef, true)
	w.person("household_head", c.HouseholdHead)
	w.str("relation_to_head", c.RelationToHead, true)
	w.str("phone", c.Phone, true)
	w.str("email", c.Email, true)
	w.str("status", string(c.Status), false)
	w.date("death_date", c.DeathDate, true)
	w.str("merged_into", c.MergedInto, true)
	w.str("record_ref", c.RecordRef, true)
	w.key("version")
	w.b = strconv.AppendInt(w.b, int64(c.Version), 10)
	if !c.UpdatedAt.IsZero() {
		w.key("updated_at")
		t, err := c.UpdatedAt.MarshalJSON()
		if err != nil {
			return b, false
		}
		w.b = append(w.b, t...)
	}
	w.b = append(w.b, '}')
	return w.b, w.ok
}

// jsonWriter writes JSON objects' members; ok turns false at a value it
// cannot write as encoding/json would.
type jsonWriter struct {
	b  []byte
	ok bool
}

// key starts a member: a comma unless it is its object's first (a member
// never ends in '{': strings end in '"', objects in '}', numbers in a
// digit).
func (w *jsonWriter) key(k string) {
	if w.b[len(w.b)-1] != '{' {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, k...) // keys are ASCII names that need no escaping
	w.b = append(w.b, '"', ':')
}

func (w *jsonWriter) str(k, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	w.key(k)
	w.b = appendJSONString(w.b, v)
}

func (w *jsonWriter) date(k string, d pdate.Date, omitZero bool) {
	if omitZero && d.IsZero() {
		return
	}
	if d.Validate() != nil {
		w.ok = false
		return
	}
	w.key(k)
	// A valid date is digits and hyphens: nothing to escape.
	w.b = append(d.AppendISO(append(w.b, '"')), '"')
}

func (w *jsonWriter) place(k string, p Place) {
	if p == (Place{}) {
		return
	}
	w.key(k)
	w.b = append(w.b, '{')
	w.str("code", p.Code, true)
	w.str("list", p.List, true)
	w.str("text", p.Text, true)
	w.b = append(w.b, '}')
}

func (w *jsonWriter) residence(k string, r Residence) {
	if r.IsZero() {
		return
	}
	w.key(k)
	w.b = append(w.b, '{')
	w.str("commune", r.Commune, true)
	w.str("province", r.Province, true)
	w.str("address", r.Address, true)
	w.date("since", r.Since, true)
	w.date("until", r.Until, true)
	w.str("source_code", r.SourceCode, true)
	w.date("deleted_on", r.DeletedOn, true)
	w.str("deleted_for", r.DeletedFor, true)
	w.b = append(w.b, '}')
}

func (w *jsonWriter) person(k string, p PersonRef) {
	if p.IsZero() {
		return
	}
	w.key(k)
	w.b = append(w.b, '{')
	w.str("name", p.Name, true)
	w.str("id_number", p.IDNumber, true)
	w.str("citizen_id", p.CitizenID, true)
	w.b = append(w.b, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString is encoding/json's string encoding with its default
// HTML escaping: <, > and & as \u003c, \u003e, \u0026; U+2028 and U+2029
// escaped; invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// marshalCitizen is AppendJSON, or json.Marshal where AppendJSON declines.
func marshalCitizen(c *Citizen) ([]byte, error) {
	if b, ok := c.AppendJSON(make([]byte, 0, 1024)); ok {
		return b, nil
	}
	return json.Marshal(c)
}
