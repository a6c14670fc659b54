package api

import (
	"net/url"
	"reflect"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/registry"
	"dancu/internal/textfold"
)

func names(p registry.Page) []string {
	var out []string
	for _, it := range p.Items {
		out = append(out, it.FullName)
	}
	return out
}

func TestSearchFolding(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		w := e.do("GET", "/api/v1/citizens?q=nguyen+van+hung+1990", "tinh.hatinh", nil)
		wantStatus(t, w, 200)
		// "nguyen van hung" is a prefix of both Hùng and Hưng, born 1990.
		if got := names(decode[registry.Page](t, w)); len(got) != 2 || got[0] != "Nguyễn Văn Hùng" && got[1] != "Nguyễn Văn Hùng" {
			t.Errorf("province officer found %v", got)
		}
		// The commune officer's search is held to the commune.
		w = e.do("GET", "/api/v1/citizens?q=nguyen+van+hung+1990", "xa.thanhsen", nil)
		wantStatus(t, w, 200)
		if got := names(decode[registry.Page](t, w)); len(got) != 1 || got[0] != "Nguyễn Văn Hùng" {
			t.Errorf("commune officer found %v", got)
		}
		w = e.do("GET", "/api/v1/citizens?q=NGUY%E1%BB%84N+v%C4%83n+h%C3%B9ng+15/05/1990", "xa.thanhsen", nil)
		if got := names(decode[registry.Page](t, w)); len(got) != 1 {
			t.Errorf("accented, with a date: %v", got)
		}
		w = e.do("GET", "/api/v1/citizens?q=nguyen+van+hung&birth_year=1991", "quan.tri", nil)
		if got := names(decode[registry.Page](t, w)); len(got) != 0 {
			t.Errorf("birth_year 1991: %v", got)
		}
		if a := e.audit.last(); a.Action != actSearch {
			t.Errorf("search not audited: %+v", a)
		}
		// A national user with no filter at all is asked for one.
		wantStatus(t, e.do("GET", "/api/v1/citizens", "quan.tri", nil), 400)
		wantStatus(t, e.do("GET", "/api/v1/citizens?unit=99999", "quan.tri", nil), 400)
		wantStatus(t, e.do("GET", "/api/v1/citizens?q=a&limit=0", "quan.tri", nil), 400)
	})
}

func TestHouseholdMembers(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		w := e.do("GET", "/api/v1/households/HT-001/members", "xa.thanhsen", nil)
		wantStatus(t, w, 200)
		if got := names(decode[registry.Page](t, w)); len(got) != 2 {
			t.Errorf("members %v", got)
		}
		wantStatus(t, e.do("GET", "/api/v1/households/NOPE/members", "quan.tri", nil), 404)
	})
}

func TestParseSearchQuery(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  registry.Query
		field string
	}{
		{"q=nguyen+van+hung+1990", registry.Query{Name: "nguyen van hung", BirthYear: 1990, Limit: 50}, ""},
		{"q=Nguy%E1%BB%85n+V%C4%83n+H%C3%B9ng", registry.Query{Name: "nguyen van hung", Limit: 50}, ""},
		{"q=hung+1990&birth_year=1990&unit=42&limit=10&offset=20", registry.Query{Name: "hung", BirthYear: 1990, Unit: "42", Limit: 10, Offset: 20}, ""},
		{"q=hung+1990&birth_year=1991", registry.Query{}, "birth_year"},
		{"birth_year=1700", registry.Query{}, "birth_year"},
		{"limit=500", registry.Query{}, "limit"},
		{"offset=-1", registry.Query{}, "offset"},
		{"unit=4", registry.Query{}, "unit"},
	} {
		v, _ := url.ParseQuery(tc.query)
		got, err := parseSearchQuery(v)
		if tc.field != "" {
			var ae *apperr.Error
			if !asAppErr(err, &ae) || len(ae.Fields) == 0 || ae.Fields[0].Field != tc.field {
				t.Errorf("%s: %v, want an error on %s", tc.query, err, tc.field)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, %v; want %+v", tc.query, got, err, tc.want)
		}
	}
}

func FuzzParseSearchQuery(f *testing.F) {
	for _, s := range []string{"q=nguyen+van+hung+1990", "q=15/05/1990+Hùng", "q=2001-02-29", "q=%C4%90%E1%BB%97&unit=42&limit=5", "birth_year=1990&q=1990", "q=%00%ff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := parseSearchQuery(v)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("%q: error %v is not invalid", raw, err)
			}
			return
		}
		if q.Name != textfold.Fold(q.Name) {
			t.Errorf("%q: name %q is not folded", raw, q.Name)
		}
		if q.Limit < 1 || q.Limit > maxLimit || q.Offset < 0 || q.Offset > maxOffset {
			t.Errorf("%q: limit %d offset %d out of range", raw, q.Limit, q.Offset)
		}
		if q.BirthYear != 0 && q.BirthDate.IsZero() && (q.BirthYear < 1880 || q.BirthYear > 2100) {
			t.Errorf("%q: birth year %d out of range", raw, q.BirthYear)
		}
		if q.Unit != "" && !allDigits(q.Unit, 2, 5) {
			t.Errorf("%q: unit %q", raw, q.Unit)
		}
	})
}
