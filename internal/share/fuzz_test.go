package share

import (
	"bytes"
	"encoding/json"
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

// flatSeeds are bodies on and off parseFlatRequest's path.
var flatSeeds = []string{
	`{"id_number":"042090000123","full_name":"Nguyen Van Hung","birth_date":"1990-05-15","purpose":"kyc"}`,
	` { "id_number" : "042090000123" ,` + "\n\t" + `"full_name":"Nguyễn Văn Hùng", "sex":"M", "old_id_number":"183456789", "address_commune":"00001", "address_text":"Thôn 3", "purpose":"kyc", "consent_ref":"c-1" } `,
	`{"ID_NUMBER":"042090000123","full_name":"A","purpose":"kyc"}`,       // encoding/json matches keys without case
	`{"id_number":"042090000123","full_name":"A\u0301","purpose":"kyc"}`, // an escape
	`{"id_number":"042090000123","full_name":"A","full_name":"B","purpose":"kyc"}`,
	`{"id_number":"042090000123","full_name":"` + "\xff" + `","purpose":"kyc"}`, // invalid UTF-8 becomes U+FFFD
	`{"id_number":"042090000123","full_name":null,"purpose":"kyc"}`,
	`{"id_number":"042090000123","full_name":"A","purpose":"kyc"} {}`,
	`{"id_number":"042090000123","full_name":"A","purpose":"kyc",}`,
	`{"id_number":"042090000123","nickname":"A","purpose":"kyc"}`,
	`{"id_number":042090000123,"purpose":"kyc"}`, `{}`, `[]`, ``,
}

// FuzzFlatRequestAsDecoder: whenever the flat reader takes a body, it
// reads exactly what encoding/json's strict decoding reads.
func FuzzFlatRequestAsDecoder(f *testing.F) {
	for _, s := range flatSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		flat, ok := parseFlatRequest(b)
		if !ok {
			return
		}
		var want VerifyRequest
		if err := decodeStrict(b, &want); err != nil {
			t.Fatalf("flat reader took %q, encoding/json refuses it: %v", b, err)
		}
		if flat != want {
			t.Fatalf("%q: flat reader %+v, encoding/json %+v", b, flat, want)
		}
	})
}

// TestParseFlatRequest: the flat reader takes plain bodies and leaves the
// rest to encoding/json, and ParseVerifyRequest answers the same either way.
func TestParseFlatRequest(t *testing.T) {
	for i, s := range flatSeeds {
		_, ok := parseFlatRequest([]byte(s))
		if want := i < 2; ok != want {
			t.Errorf("%q: flat reader took it: %v, want %v", s, ok, want)
		}
		got, gotErr := ParseVerifyRequest([]byte(s))
		var want VerifyRequest
		wantErr := decodeStrict([]byte(s), &want)
		if wantErr == nil {
			wantErr = want.Validate(true)
		}
		if got != want || (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Errorf("%q: got %+v, %v; encoding/json %+v, %v", s, got, gotErr, want, wantErr)
		}
	}
}

// BenchmarkParseVerifyRequest: a verification's body, on the flat reader
// and through encoding/json.
func BenchmarkParseVerifyRequest(b *testing.B) {
	body := []byte(flatSeeds[0])
	b.Run("flat", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ParseVerifyRequest(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r VerifyRequest
			if err := decodeStrict(body, &r); err != nil {
				b.Fatal(err)
			}
			if err := r.Validate(true); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMatchResultJSON: a four-field answer, appended and marshalled.
func BenchmarkMatchResultJSON(b *testing.B) {
	r := MatchResult{Result: NoMatch, Fields: map[string]string{"id_number": Match, "full_name": NoMatch, "birth_date": Match, "sex": Match}}
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.AppendJSON(make([]byte, 0, 192))
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
