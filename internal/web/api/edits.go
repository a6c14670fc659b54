package api

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/textfold"
	"dancu/internal/units"
)

// applyFunc changes one field of a citizen.
type applyFunc func(*registry.Citizen)

// editor validates one change value; a non-empty reason refuses it.
type editor func(raw json.RawMessage, cat *units.Catalog) (applyFunc, string)

// editable is the documented set of fields PATCH may change. Everything
// else (ID numbers, birth data, parents, household) goes through its own
// procedure with its own checks.
var editable = map[string]editor{
	"full_name":      textEdit(true, 100, textfold.Name, func(c *registry.Citizen, v string) { c.FullName = v }),
	"other_name":     textEdit(false, 100, textfold.Clean, func(c *registry.Citizen, v string) { c.OtherName = v }),
	"phone":          codeEdit(false, phone, func(c *registry.Citizen, v string) { c.Phone = v }),
	"email":          codeEdit(false, email, func(c *registry.Citizen, v string) { c.Email = v }),
	"marital_status": codeEdit(false, registry.MaritalStatus, func(c *registry.Citizen, v string) { c.MaritalStatus = v }),
	"blood_type":     codeEdit(false, bloodType, func(c *registry.Citizen, v string) { c.BloodType = v }),
	"religion":       codeEdit(false, registry.ReligionCode, func(c *registry.Citizen, v string) { c.Religion = v }),
	"ethnicity":      codeEdit(true, registry.EthnicityCode, func(c *registry.Citizen, v string) { c.Ethnicity = v }),
	"status":         codeEdit(true, status, func(c *registry.Citizen, v string) { c.Status = registry.Status(v) }),
	"death_date":     dateEdit(func(c *registry.Citizen, d pdate.Date) { c.DeathDate = d }),
	"permanent":      residenceEdit(true, func(c *registry.Citizen) *registry.Residence { return &c.Permanent }),
	"temporary":      residenceEdit(false, func(c *registry.Citizen) *registry.Residence { return &c.Temporary }),
	"current":        residenceEdit(false, func(c *registry.Citizen) *registry.Residence { return &c.Current }),
}

// jsonString reads a JSON string; null reads as "".
func jsonString(raw json.RawMessage) (string, bool) {
	if bytes.Equal(raw, []byte("null")) {
		return "", true
	}
	var s string
	return s, json.Unmarshal(raw, &s) == nil
}

func textEdit(required bool, max int, norm func(string) string, set func(*registry.Citizen, string)) editor {
	return func(raw json.RawMessage, _ *units.Catalog) (applyFunc, string) {
		s, ok := jsonString(raw)
		if !ok {
			return nil, "must be a string"
		}
		s = norm(s)
		switch {
		case s == "" && required:
			return nil, "required; cannot be cleared"
		case utf8.RuneCountInString(s) > max:
			return nil, "too long"
		}
		return func(c *registry.Citizen) { set(c, s) }, ""
	}
}

// codeEdit reads a string canonicalised by canon; "" clears an optional
// field.
func codeEdit(required bool, canon func(string) (string, error), set func(*registry.Citizen, string)) editor {
	return func(raw json.RawMessage, _ *units.Catalog) (applyFunc, string) {
		s, ok := jsonString(raw)
		if !ok {
			return nil, "must be a string"
		}
		if s = strings.TrimSpace(s); s == "" {
			if required {
				return nil, "required; cannot be cleared"
			}
			return func(c *registry.Citizen) { set(c, "") }, ""
		}
		v, err := canon(s)
		if err != nil {
			return nil, err.Error()
		}
		return func(c *registry.Citizen) { set(c, v) }, ""
	}
}

func dateEdit(set func(*registry.Citizen, pdate.Date)) editor {
	return func(raw json.RawMessage, _ *units.Catalog) (applyFunc, string) {
		s, ok := jsonString(raw)
		if !ok {
			return nil, "must be a string"
		}
		d, err := pdate.Parse(s)
		if err != nil {
			return nil, err.Error()
		}
		return func(c *registry.Citizen) { set(c, d) }, ""
	}
}

// residenceInput is a residence as PATCH takes it: the province follows
// from the commune.
type residenceInput struct {
	Commune string     `json:"commune"`
	Address string     `json:"address"`
	Since   pdate.Date `json:"since"`
}

func residenceEdit(required bool, field func(*registry.Citizen) *registry.Residence) editor {
	return func(raw json.RawMessage, cat *units.Catalog) (applyFunc, string) {
		if bytes.Equal(raw, []byte("null")) {
			if required {
				return nil, "required; cannot be cleared"
			}
			return func(c *registry.Citizen) { *field(c) = registry.Residence{} }, ""
		}
		var in residenceInput
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			return nil, "must be an object {commune, address, since}"
		}
		u, ok := cat.Lookup(units.List2025July, in.Commune)
		if !ok || u.Level != units.Commune {
			return nil, "commune must be a 5-digit commune code of the " + string(units.List2025July) + " list"
		}
		p, _ := cat.ProvinceOf(units.List2025July, u.Code)
		addr := textfold.Clean(in.Address)
		if utf8.RuneCountInString(addr) > 300 {
			return nil, "address too long"
		}
		r := registry.Residence{Commune: u.Code, Province: p.Code, Address: addr, Since: in.Since}
		return func(c *registry.Citizen) { *field(c) = r }, ""
	}
}
