package share

import (
	"encoding/json"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

func TestCompare(t *testing.T) {
	s := &Subject{CitizenID: "c1", NameKey: "nguyen van hung", BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male,
		OldIDNumber: "183456789", Commune: "18073", Address: "Thôn 3, Xóm Đông"}
	yearOnly := *s
	yearOnly.BirthDate = pdate.Date{Year: 1990}
	for _, tc := range []struct {
		name   string
		q      MatchQuery
		s      *Subject
		want   map[string]string
		result string
	}{
		{"accents and case folded", MatchQuery{FullName: "  NGUYEN   van Hùng "}, s, map[string]string{"full_name": Match}, Match},
		{"đ folds to d", MatchQuery{FullName: "Nguyễn Văn Hùng"}, &Subject{NameKey: "dang van hung"}, map[string]string{"full_name": NoMatch}, NoMatch},
		{"other name", MatchQuery{FullName: "Nguyễn Văn Hải"}, s, map[string]string{"full_name": NoMatch}, NoMatch},
		{"full date", MatchQuery{BirthDate: "15/05/1990"}, s, map[string]string{"birth_date": Match}, Match},
		{"wrong day", MatchQuery{BirthDate: "1990-05-16"}, s, map[string]string{"birth_date": NoMatch}, NoMatch},
		{"year-only query", MatchQuery{BirthDate: "1990"}, s, map[string]string{"birth_date": Match}, Match},
		{"year-only record", MatchQuery{BirthDate: "1990-12-01"}, &yearOnly, map[string]string{"birth_date": Match}, Match},
		{"other year", MatchQuery{BirthDate: "1991"}, &yearOnly, map[string]string{"birth_date": NoMatch}, NoMatch},
		{"sex lower case", MatchQuery{Sex: "m"}, s, map[string]string{"sex": Match}, Match},
		{"old number", MatchQuery{OldIDNumber: "183456780"}, s, map[string]string{"old_id_number": NoMatch}, NoMatch},
		{"commune", MatchQuery{AddressCommune: "18073"}, s, map[string]string{"address_commune": Match}, Match},
		{"address text folded", MatchQuery{AddressText: "thon 3 xom dong."}, s, map[string]string{"address_text": Match}, Match},
		{"mixed", MatchQuery{FullName: "Nguyen Van Hung", Sex: "F"}, s, map[string]string{"full_name": Match, "sex": NoMatch}, NoMatch},
		{"unknown number", MatchQuery{FullName: "Nguyen Van Hung", Sex: "M"}, nil, map[string]string{"full_name": NoMatch, "sex": NoMatch}, NoMatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Compare(tc.q, tc.s)
			idWant := Match
			if tc.s == nil {
				idWant = NoMatch
			}
			tc.want["id_number"] = idWant
			if r.Result != tc.result || len(r.Fields) != len(tc.want) {
				t.Fatalf("Compare = %+v, want %s %v", r, tc.result, tc.want)
			}
			for k, v := range tc.want {
				if r.Fields[k] != v {
					t.Errorf("%s = %q, want %q", k, r.Fields[k], v)
				}
			}
		})
	}
}

func TestParseVerifyRequest(t *testing.T) {
	for _, tc := range []struct {
		body, badField string
	}{
		{`{"id_number":"042090000123","full_name":"A","purpose":"kyc"}`, ""},
		{`{"id_number":"04209000012","full_name":"A","purpose":"kyc"}`, "id_number"},
		{`{"id_number":"042090000123","purpose":"kyc"}`, "full_name"},
		{`{"id_number":"042090000123","sex":"X","purpose":"kyc"}`, "sex"},
		{`{"id_number":"042090000123","birth_date":"1990-02-30","purpose":"kyc"}`, "birth_date"},
		{`{"id_number":"042090000123","old_id_number":"12ab","purpose":"kyc"}`, "old_id_number"},
		{`{"id_number":"042090000123","address_commune":"1807","purpose":"kyc"}`, "address_commune"},
		{`{"id_number":"042090000123","full_name":"A"}`, "purpose"},
		{`{"id_number":"042090000123","full_name":"A","purpose":"kyc","ssn":"1"}`, "ssn"},
		{`{"id_number":42,"full_name":"A","purpose":"kyc"}`, "id_number"},
	} {
		_, err := ParseVerifyRequest([]byte(tc.body))
		if tc.badField == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.body, err)
			}
			continue
		}
		if err == nil || !hasField(err, tc.badField) {
			t.Errorf("%s: %v, want an error on %s", tc.body, err, tc.badField)
		}
	}
	for _, body := range []string{``, `[]`, `{} {}`, `{"id_number":`} {
		if _, err := ParseVerifyRequest([]byte(body)); err == nil {
			t.Errorf("%q accepted", body)
		}
	}
}

// TestMatchResultJSON: AppendJSON writes encoding/json's bytes.
func TestMatchResultJSON(t *testing.T) {
	all := map[string]string{}
	for _, f := range []string{"id_number", "full_name", "birth_date", "sex", "old_id_number", "address_commune", "address_text"} {
		all[f] = NoMatch
	}
	for _, r := range []MatchResult{
		{Result: Match, Fields: map[string]string{"id_number": Match}},
		{Result: NoMatch, Fields: map[string]string{"id_number": Match, "full_name": NoMatch, "birth_date": Match, "sex": Match}},
		{Result: NoMatch, Fields: all},
		{Result: Match},                              // no fields: null
		{Result: Match, Fields: map[string]string{}}, // empty
		{Result: "<b>", Fields: map[string]string{"a&b": "x"}},
		{Result: Match, Fields: map[string]string{"Ä": "\"", "a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6", "g": "7", "h": "8"}},
	} {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.AppendJSON([]byte("x")); string(got) != "x"+string(want) {
			t.Errorf("%+v: got %s, want %s", r, got, want)
		}
	}
}
