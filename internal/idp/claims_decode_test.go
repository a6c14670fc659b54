package idp

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// TestClaimFieldsMatchTheRecord: claims from the partial decode of a
// stored record equal claims from the whole record, for every scope and
// both levels, so a JSON name that drifts in registry.Citizen fails here.
func TestClaimFieldsMatchTheRecord(t *testing.T) {
	units := func(code string) string {
		return map[string]string{"18073": "Phường Thành Sen", "42": "Hà Tĩnh"}[code]
	}
	all := []string{ScopeOpenID, ScopeProfile, ScopeIDNumber, ScopeEmail, ScopePhone, ScopeResidence}
	for _, tc := range []struct {
		name string
		c    registry.Citizen
	}{
		{"every claim", registry.Citizen{ID: "z1", IDNumber: "042090000123", FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15),
			Sex: registry.Male, Phone: "0912345678", Email: "hung@example.vn", Nationality: "VN", Status: registry.Alive,
			Permanent: registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"},
			Father:    registry.PersonRef{Name: "Nguyễn Văn A", IDNumber: "042060000001"}}},
		{"partial birth date, no contact", registry.Citizen{ID: "z2", IDNumber: "042190000456", FullName: "Trần Thị Hoa",
			BirthDate: pdate.Date{Year: 1992}, Sex: registry.Female, Permanent: registry.Residence{Commune: "18073", Province: "42"}}},
		{"nothing but a name", registry.Citizen{ID: "z3", FullName: "Lê Văn C"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := json.Marshal(tc.c)
			if err != nil {
				t.Fatal(err)
			}
			f, err := decodeClaimFields(data)
			if err != nil {
				t.Fatal(err)
			}
			got := f.citizen()
			for _, level := range []int{1, 2} {
				want, have := Claims(tc.c, all, level, units), Claims(got, all, level, units)
				if !reflect.DeepEqual(want, have) {
					t.Fatalf("level %d: claims %v, want %v", level, have, want)
				}
			}
		})
	}
	if _, err := decodeClaimFields([]byte(`{"full_name": 3}`)); err == nil {
		t.Fatal("a broken record decoded")
	}
}

// TestClaimCacheReusesOnlyFreshReads protects the bound on stale claims:
// a read is reused for claimCacheTTL, then the record is read again, and
// the cache stays bounded however many citizens pass through it.
func TestClaimCacheReusesOnlyFreshReads(t *testing.T) {
	var c claimCache
	t0 := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	c.put("a", claimFields{FullName: "Nguyễn Văn A"}, t0)
	for _, tc := range []struct {
		name string
		at   time.Time
		hit  bool
	}{
		{"at once", t0, true},
		{"just before the bound", t0.Add(claimCacheTTL - time.Nanosecond), true},
		{"at the bound", t0.Add(claimCacheTTL), false},
		{"long after", t0.Add(time.Hour), false},
	} {
		if f, ok := c.get("a", tc.at); ok != tc.hit || (ok && f.FullName != "Nguyễn Văn A") {
			t.Errorf("%s: hit %v (%q), want %v", tc.name, ok, f.FullName, tc.hit)
		}
	}
	if _, ok := c.get("b", t0); ok {
		t.Error("a citizen never read was found")
	}
	for i := range claimCacheMax + 10 {
		c.put(fmt.Sprint("c", i), claimFields{}, t0)
	}
	if n := len(c.entries); n > claimCacheMax {
		t.Errorf("%d entries held, bound %d", n, claimCacheMax)
	}
}

// claimRecords are stored records as the register writes them, and the
// shapes a JSON object may take that the walk must read as encoding/json
// does.
var claimRecords = []string{
	`{"id_number":"042218560997","full_name":"Từ Thanh Hoàng","birth_date":"2018-03-14","sex":"M","birth_registration_place":{"code":"42","list":"2025-07-01","text":"Tỉnh Hà Tĩnh"},"hometown":{"code":"18568","list":"2025-07-01","text":"Xã Lộc Hà"},"ethnicity":"01","religion":"00","nationality":"VN","permanent":{"commune":"18568","province":"42","address":"Thôn Nam"},"current":{"commune":"18568","province":"42","address":"Thôn Nam"},"father":{"name":"Từ Đông Quân","id_number":"042090292873"},"mother":{"name":"Mai Bích Hạnh","id_number":"042189302932"},"household_ref":"42-18568-H002568","relation_to_head":"child","status":"alive","record_ref":"42-18568-008805"}`,
	`{"id":"z1","version":3,"id_number":"042090000123","full_name":"Nguyễn Văn \"Hùng\" \u0041","birth_date":"1990","sex":"F","phone":"0912345678","email":"a\\b@example.vn","updated_at":"2026-12-06T08:00:00Z"}`,
	` { "full_name" : "Lê Văn C" , "permanent" : { "commune" : "18073" , "address" : "Số 1 {]\"" } , "notes" : [ "}" , { "full_name" : "not me" } ] } `,
	`{"full_name":null,"sex":null,"birth_date":null,"permanent":null,"phone":"","email":"x"}`,
	`{"full_name":"first","full_name":"last"}`,
	`{"fu\u006cl_name":"escaped key","x":true,"y":-1.5e3,"z":[]}`,
	"{\"full_name\":\"bad UTF-8 \xff here\"}",
	`{}`,
}

// TestDecodeClaimFields holds the walk to json.Unmarshal: the same fields
// from every record, and an error wherever a claim's own value or the
// object's frame is broken.
func TestDecodeClaimFields(t *testing.T) {
	for _, rec := range claimRecords {
		var want claimFields
		if err := json.Unmarshal([]byte(rec), &want); err != nil {
			t.Fatalf("bad test record %s: %v", rec, err)
		}
		got, err := decodeClaimFields([]byte(rec))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v, %v\nwant %+v", rec, got, err, want)
		}
	}
	for _, broken := range []string{``, `[]`, `null`, `{`, `{"a"}`, `{"a":}`, `{"a":1`, `{"a":"x}`, `{"a":{"b":1}`, `{"a":1}x`,
		`{"a":1,}`, `{1:2}`, `{"full_name":3}`, `{"sex":{}}`, `{"birth_date":"1990-13-45"}`, `{"permanent":"Thôn 3"}`, `{"phone":["0912"]}`} {
		if got, err := decodeClaimFields([]byte(broken)); err == nil {
			t.Errorf("%q: accepted as %+v", broken, got)
		}
	}
}

// FuzzDecodeClaimFields: any object encoding/json decodes into claimFields
// decodes to the same fields, unless a member's name matches one of
// claimFields' only without regard to case (encoding/json's leniency,
// which records written by encoding/json never need).
func FuzzDecodeClaimFields(f *testing.F) {
	for _, rec := range claimRecords {
		f.Add([]byte(rec))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := decodeClaimFields(in)
		var want claimFields
		if json.Unmarshal(in, &want) != nil {
			return // only "no panic" is asked
		}
		var names map[string]json.RawMessage
		if json.Unmarshal(in, &names) != nil || names == nil {
			return // not an object (null decodes into a struct as nothing)
		}
		for k := range names {
			for _, n := range []string{"id_number", "full_name", "birth_date", "sex", "permanent", "phone", "email"} {
				if k != n && strings.EqualFold(k, n) {
					return
				}
			}
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n got %+v, %v\nwant %+v", in, got, err, want)
		}
	})
}
