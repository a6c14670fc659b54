package pdate

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// MarshalText returns the canonical string (empty for the zero Date).
func (d Date) MarshalText() ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses any layout Parse accepts; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes the canonical string. The zero Date is written as ""
// (not null) so the JSON type is always string, matching MarshalText; use
// `json:",omitzero"` to leave unknown dates out.
func (d Date) MarshalJSON() ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts a JSON string in any layout Parse accepts, or null;
// both null and "" give the zero Date. Numbers such as 2001 are rejected so
// that a client bug is not mistaken for a year-only date.
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*d = Date{}
		return nil
	}
	if s, ok := plainJSONString(b); ok {
		return d.UnmarshalText(s)
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("pdate: date must be a JSON string or null: %w", err)
	}
	return d.UnmarshalText([]byte(s))
}

// plainJSONString returns the contents of a JSON string of printable ASCII
// without escapes, which is every stored date: decoding it through
// encoding/json for each of a million records' dates was a visible part of
// a full duplicate run's scan. Anything else takes the general path.
func plainJSONString(b []byte) ([]byte, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false
	}
	in := b[1 : len(b)-1]
	for _, c := range in {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return nil, false
		}
	}
	return in, true
}
