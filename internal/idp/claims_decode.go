package idp

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"dancu/internal/jsonscan"
	"dancu/internal/person"
)

// decodeClaimFields takes claimFields' members out of a stored record.
// json.Unmarshal into claimFields validated and scanned the whole record
// (~800 bytes at 1M citizens, of which claims use a fifth) twice, a fifth
// of the claims read's CPU under load (pprof); this walks the top-level
// members once, skipping the others' values by their brackets and quotes,
// and decodes only claimFields' own values, a plain string (no escapes)
// directly and anything else with encoding/json. The record was written by
// encoding/json, so member names are matched exactly (encoding/json would
// also accept other cases). A record the walk can tell is broken is
// refused; TestDecodeClaimFields holds it to json.Unmarshal's result.
func decodeClaimFields(data []byte) (claimFields, error) {
	var f claimFields
	if err := walkMembers(data, func(key, v []byte) error {
		switch string(key) {
		case "id_number":
			return decodeString(v, &f.IDNumber)
		case "full_name":
			return decodeString(v, &f.FullName)
		case "phone":
			return decodeString(v, &f.Phone)
		case "email":
			return decodeString(v, &f.Email)
		case "sex":
			var s string
			if err := decodeString(v, &s); err != nil {
				return err
			}
			if string(v) != "null" {
				f.Sex = person.Sex(s)
			}
			return nil
		case "birth_date":
			return f.BirthDate.UnmarshalJSON(v)
		case "permanent":
			return json.Unmarshal(v, &f.Permanent)
		}
		return nil
	}); err != nil {
		return claimFields{}, fmt.Errorf("idp: decode citizen: %w", err)
	}
	return f, nil
}

// decodeString sets *dst from a JSON string value: a string without
// escapes is taken as it is, anything else goes through encoding/json
// (null leaves *dst as it was, as json.Unmarshal does).
func decodeString(v []byte, dst *string) error {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		plain := true
		for _, c := range v[1 : len(v)-1] {
			if c == '\\' || c == '"' || c < 0x20 {
				plain = false
				break
			}
		}
		if plain && utf8.Valid(v[1:len(v)-1]) {
			*dst = string(v[1 : len(v)-1])
			return nil
		}
	}
	return json.Unmarshal(v, dst)
}

// walkMembers calls f with the name and the raw value of each member of
// the JSON object data. A name with escapes is decoded by encoding/json.
func walkMembers(data []byte, f func(key, v []byte) error) error {
	i := jsonscan.SkipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return errors.New("record is not a JSON object")
	}
	i = jsonscan.SkipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return trailing(data, i+1)
	}
	for {
		keyEnd, err := jsonscan.SkipString(data, i)
		if err != nil {
			return err
		}
		key := data[i+1 : keyEnd-1]
		if escaped(key) {
			var k string
			if err := json.Unmarshal(data[i:keyEnd], &k); err != nil {
				return err
			}
			key = []byte(k)
		}
		i = jsonscan.SkipSpace(data, keyEnd)
		if i >= len(data) || data[i] != ':' {
			return fmt.Errorf("':' expected at byte %d", i)
		}
		v := jsonscan.SkipSpace(data, i+1)
		end, err := jsonscan.SkipValue(data, v)
		if err != nil {
			return err
		}
		if err := f(key, data[v:end]); err != nil {
			return fmt.Errorf("member %q: %w", key, err)
		}
		i = jsonscan.SkipSpace(data, end)
		if i >= len(data) {
			return errors.New("unterminated object")
		}
		switch data[i] {
		case ',':
			i = jsonscan.SkipSpace(data, i+1)
		case '}':
			return trailing(data, i+1)
		default:
			return fmt.Errorf("',' or '}' expected at byte %d", i)
		}
	}
}

func trailing(data []byte, i int) error {
	if jsonscan.SkipSpace(data, i) != len(data) {
		return fmt.Errorf("trailing data at byte %d", i)
	}
	return nil
}

func escaped(b []byte) bool {
	for _, c := range b {
		if c == '\\' {
			return true
		}
	}
	return false
}
