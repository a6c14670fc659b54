package idp

import (
	"encoding/json"
	"fmt"
	"reflect"
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
