package idp

import (
	"encoding/json"
	"reflect"
	"testing"

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
			got, err := decodeClaimFields(data)
			if err != nil {
				t.Fatal(err)
			}
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
