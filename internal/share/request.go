package share

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/jsonscan"
	"dancu/internal/pdate"
)

// VerifyRequest is one match or eKYC call: the query plus why it is made.
type VerifyRequest struct {
	MatchQuery
	Purpose    string `json:"purpose"`
	ConsentRef string `json:"consent_ref,omitempty"`
}

// Limits of a request's free-text values, in bytes.
const (
	maxNameBytes    = 200
	maxAddressBytes = 400
	maxTokenBytes   = 200 // purpose, consent reference
)

// ParseVerifyRequest decodes one JSON object strictly (unknown fields and
// trailing data are refused) and validates it. Errors never echo values.
func ParseVerifyRequest(b []byte) (VerifyRequest, error) {
	r, ok := parseFlatRequest(b)
	if !ok {
		r = VerifyRequest{}
		if err := decodeStrict(b, &r); err != nil {
			return r, err
		}
	}
	return r, r.Validate(true)
}

// parseFlatRequest reads the common shape of a request without reflection:
// one object whose members have exactly the fields' names, each once, and
// plain string values (no escapes, no control characters, valid UTF-8).
// For such a body encoding/json decodes the same strings; anything else
// (other spellings of a key, which encoding/json matches without regard
// to case, escapes, null, duplicates, errors) returns false and goes
// through decodeStrict, which also words the errors. encoding/json with
// its reflection and decoder state was a tenth of a verification's
// handler CPU and 13 of its allocations (pprof, 1M citizens).
func parseFlatRequest(b []byte) (VerifyRequest, bool) {
	var r VerifyRequest
	var seen uint16
	i := jsonscan.SkipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return r, false
	}
	i = jsonscan.SkipSpace(b, i+1)
	for {
		key, next, ok := plainString(b, i)
		if !ok {
			return r, false
		}
		i = jsonscan.SkipSpace(b, next)
		if i >= len(b) || b[i] != ':' {
			return r, false
		}
		val, next, ok := plainString(b, jsonscan.SkipSpace(b, i+1))
		if !ok {
			return r, false
		}
		dst, bit := r.member(key)
		if dst == nil || seen&bit != 0 {
			return r, false
		}
		seen |= bit
		*dst = string(val)
		i = jsonscan.SkipSpace(b, next)
		if i < len(b) && b[i] == ',' {
			i = jsonscan.SkipSpace(b, i+1)
			continue
		}
		if i >= len(b) || b[i] != '}' {
			return r, false
		}
		return r, jsonscan.SkipSpace(b, i+1) == len(b)
	}
}

// member is the field a request's key names exactly, and its bit.
func (r *VerifyRequest) member(key []byte) (*string, uint16) {
	switch string(key) {
	case "id_number":
		return &r.IDNumber, 1 << 0
	case "full_name":
		return &r.FullName, 1 << 1
	case "birth_date":
		return &r.BirthDate, 1 << 2
	case "sex":
		return &r.Sex, 1 << 3
	case "old_id_number":
		return &r.OldIDNumber, 1 << 4
	case "address_commune":
		return &r.AddressCommune, 1 << 5
	case "address_text":
		return &r.AddressText, 1 << 6
	case "purpose":
		return &r.Purpose, 1 << 7
	case "consent_ref":
		return &r.ConsentRef, 1 << 8
	}
	return nil, 0
}

// plainString returns the contents of the JSON string at b[i] and the index
// after it, or false if it is not a string or holds an escape, a control
// character or invalid UTF-8 (which encoding/json would change).
func plainString(b []byte, i int) ([]byte, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	ascii := true
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			s := b[i+1 : j]
			return s, j + 1, ascii || utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, 0, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, 0, false
}

// Validate checks a request; needFields requires at least one field to
// compare besides the number (a bare existence check is not offered).
func (r VerifyRequest) Validate(needFields bool) error {
	var bad []apperr.FieldError
	add := func(f, reason string) { bad = append(bad, apperr.FieldError{Field: f, Reason: reason}) }
	if !digits(r.IDNumber, 12) {
		add("id_number", "must be 12 digits")
	}
	if r.FullName != "" && (len(r.FullName) > maxNameBytes || !utf8.ValidString(r.FullName) || strings.TrimSpace(r.FullName) == "") {
		add("full_name", "must be non-blank UTF-8 text of at most 200 bytes")
	}
	if r.BirthDate != "" {
		if _, err := pdate.Parse(r.BirthDate); err != nil {
			add("birth_date", "must be YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY")
		}
	}
	if r.Sex != "" && !strings.EqualFold(r.Sex, "M") && !strings.EqualFold(r.Sex, "F") {
		add("sex", "must be M or F")
	}
	if r.OldIDNumber != "" && !digits(r.OldIDNumber, 9) && !digits(r.OldIDNumber, 12) {
		add("old_id_number", "must be 9 or 12 digits")
	}
	if r.AddressCommune != "" && !digits(r.AddressCommune, 5) {
		add("address_commune", "must be a 5-digit commune code")
	}
	if r.AddressText != "" && (len(r.AddressText) > maxAddressBytes || !utf8.ValidString(r.AddressText)) {
		add("address_text", "must be UTF-8 text of at most 400 bytes")
	}
	if needFields && len(r.Asked()) < 2 {
		add("full_name", "give at least one field to compare with the register")
	}
	if strings.TrimSpace(r.Purpose) == "" || len(r.Purpose) > maxTokenBytes {
		add("purpose", "required, at most 200 bytes")
	}
	if len(r.ConsentRef) > maxTokenBytes || !utf8.ValidString(r.ConsentRef) {
		add("consent_ref", "at most 200 bytes of UTF-8")
	}
	if len(bad) > 0 {
		return apperr.WithFields("invalid verification request", bad...)
	}
	return nil
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// decodeStrict reads exactly one JSON object into dst.
func decodeStrict(b []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			field := typ.Field[strings.LastIndexByte(typ.Field, '.')+1:] // "MatchQuery.id_number" for embedded fields
			return apperr.WithFields("wrong JSON type", apperr.FieldError{Field: field, Reason: "must be a string"})
		}
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			if len(name) > 40 {
				name = name[:40] // a key is the client's text: keep error messages short
			}
			return apperr.WithFields("unknown field", apperr.FieldError{Field: name, Reason: "unknown field"})
		}
		return apperr.New(apperr.Invalid, "not a valid JSON object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return apperr.New(apperr.Invalid, "a single JSON object is expected")
	}
	return nil
}
