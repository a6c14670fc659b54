package share

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseVerifyRequest: any input yields a valid request or an error,
// never a panic, and a valid request has a well-formed number; errors
// never echo the input's values.
func FuzzParseVerifyRequest(f *testing.F) {
	for _, s := range []string{
		`{"id_number":"042090000123","full_name":"Nguyễn Văn Hùng","birth_date":"1990-05-15","purpose":"kyc"}`,
		`{"id_number":"042090000123","sex":"M","address_text":"Thôn 3","purpose":"kyc","consent_ref":"c-1"}`,
		`{"id_number":"042090000123","old_id_number":"183456789","purpose":"x"}`, `{}`, `{"id_number":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseVerifyRequest(b)
		if err != nil {
			if len(r.FullName) > 3 && strings.Contains(err.Error(), r.FullName) {
				t.Errorf("error echoes the name: %v", err)
			}
			return
		}
		if !digits(r.IDNumber, 12) || len(r.Asked()) < 2 || !utf8.ValidString(r.FullName) {
			t.Errorf("accepted an invalid request: %+v", r)
		}
	})
}

// FuzzParseBatch: any file parses into lines or an error; every accepted
// line is a valid query.
func FuzzParseBatch(f *testing.F) {
	f.Add([]byte("{\"id_number\":\"042090000123\",\"full_name\":\"A\"}\n\n{\"id_number\":\"1\"}\n"))
	f.Add([]byte("not json\n{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		lines, err := ParseBatch(bytes.NewReader(b), "kyc", 50)
		if err != nil {
			return
		}
		for _, l := range lines {
			if l.Error == "" && (!digits(l.Query.IDNumber, 12) || len(l.Query.Asked()) < 2) {
				t.Errorf("line %d accepted: %+v", l.Line, l.Query)
			}
		}
	})
}
