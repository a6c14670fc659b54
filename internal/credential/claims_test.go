package credential

import (
	"testing"
	"time"

	"dancu/internal/issuance"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/units"
)

var day = time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)

func holder(birth pdate.Date) registry.Citizen {
	return registry.Citizen{ID: "c1", IDNumber: "042090001234", FullName: "Nguyễn Văn An", BirthDate: birth,
		Sex: registry.Male, Status: registry.Alive, Nationality: "VN",
		Permanent: registry.Residence{Commune: "18073", Province: "42", Address: "Số 5"}}
}

func TestAgeClaims(t *testing.T) {
	for _, tc := range []struct {
		name           string
		birth          pdate.Date
		over18, over21 bool
	}{
		{"18 today", pdate.Full(2008, 12, 5), true, false},
		{"18 tomorrow", pdate.Full(2008, 12, 6), false, false},
		{"21 this year, birthday past", pdate.Full(2005, 1, 1), true, true},
		// A year-only date counts from its latest possible day, so an age
		// claim is never true before the person is certainly that old.
		{"year only, 18 at the end of the year", pdate.MustParse("2008"), false, false},
		{"year only, certainly over 21", pdate.MustParse("2004"), true, true},
	} {
		m := claims(holder(tc.birth), issuance.Card{IssueDate: day}, nil, units.Default(), day)
		if m["age_over_18"] != tc.over18 || m["age_over_21"] != tc.over21 {
			t.Errorf("%s: over 18 %v, over 21 %v", tc.name, m["age_over_18"], m["age_over_21"])
		}
	}
}

func TestClaimsAreTheCardsData(t *testing.T) {
	m := claims(holder(pdate.Full(1990, 4, 5)), issuance.Card{IssueDate: day}, []byte{0xff, 0xd8}, units.Default(), day)
	for name, want := range map[string]any{"personal_identifier": "042090001234", "name": "Nguyễn Văn An",
		"family_name": "Nguyễn", "given_name": "Văn An", "birthdate": "1990-04-05", "sex": 1, "issuance_date": "2026-12-05"} {
		if m[name] != want {
			t.Errorf("%s = %v, want %v", name, m[name], want)
		}
	}
	if _, ok := m["expiry_date"]; ok {
		t.Error("a card without expiry has an expiry_date claim")
	}
	if pic, _ := m[PictureClaim].(string); pic != "data:image/jpeg;base64,/9g=" {
		t.Errorf("picture = %q", pic)
	}
}

func TestExpiry(t *testing.T) {
	cardExp := day.AddDate(0, 3, 0)
	for _, tc := range []struct {
		name  string
		birth pdate.Date
		card  issuance.Card
		want  time.Time
	}{
		{"a year", pdate.Full(1970, 1, 1), issuance.Card{}, day.Add(365 * 24 * time.Hour)},
		{"the card's expiry", pdate.Full(1970, 1, 1), issuance.Card{ExpiryDate: &cardExp}, cardExp},
		{"the 18th birthday", pdate.Full(2008, 12, 20), issuance.Card{}, time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)},
		{"the 60th birthday", pdate.Full(1967, 2, 1), issuance.Card{}, time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if got := expiry(holder(tc.birth), tc.card, day, 365*24*time.Hour); !got.Equal(tc.want) {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
