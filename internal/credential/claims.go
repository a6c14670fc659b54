package credential

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"dancu/internal/issuance"
	"dancu/internal/person"
	"dancu/internal/production"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// AgeThresholds are the age_over_NN claims: 14 (card and VNeID age), 16,
// 18 (majority), 21 and 60 (elderly benefits).
var AgeThresholds = []int{14, 16, 18, 21, 60}

// PictureClaim is the portrait claim; it never fits in a QR code.
const PictureClaim = "picture"

// claims builds the selectively disclosable claims from the holder's
// current record and the card it carries. Names follow the EU PID rule
// book where one exists (given_name, birthdate, nationalities, ...).
func claims(c registry.Citizen, card issuance.Card, photo []byte, cat *units.Catalog, now time.Time) map[string]any {
	h := production.Holder(c, cat)
	family, given, _ := strings.Cut(h.FullName, " ")
	m := map[string]any{
		"personal_identifier": c.IDNumber,
		"name":                h.FullName,
		"family_name":         family,
		"given_name":          given,
		"birthdate":           c.BirthDate.String(),
		"sex":                 sexCode(c.Sex),
		"nationalities":       []string{nationalityCode(c.Nationality)},
		"ethnicity":           h.Ethnicity,
		"religion":            h.Religion,
		"place_of_birth":      h.BirthRegistration,
		"place_of_origin":     h.Hometown,
		"address":             map[string]any{"formatted": h.Residence},
		"issuance_date":       card.IssueDate.Format(time.DateOnly),
	}
	if card.ExpiryDate != nil {
		m["expiry_date"] = card.ExpiryDate.Format(time.DateOnly)
	}
	for _, t := range AgeThresholds {
		least, _ := c.BirthDate.AgeAt(now)
		m[ageClaim(t)] = least >= t
	}
	if len(photo) > 0 {
		m[PictureClaim] = "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(photo)
	}
	for k, v := range m {
		if s, ok := v.(string); ok && s == "" {
			delete(m, k) // an unknown value is left out, not disclosed empty
		}
	}
	return m
}

func ageClaim(t int) string { return "age_over_" + strconv.Itoa(t) }

// sexCode is ISO/IEC 5218, as the EU PID encodes sex.
func sexCode(s person.Sex) int {
	switch s {
	case person.Male:
		return 1
	case person.Female:
		return 2
	}
	return 0
}

func nationalityCode(code string) string {
	if code == "" || code == "VNM" {
		return "VN"
	}
	return code
}

// expiry is when the credential stops: a year after issue, the card's
// expiry, or the next birthday that changes an age_over claim, whichever
// comes first, so no age claim is ever stale.
func expiry(c registry.Citizen, card issuance.Card, now time.Time, lifetime time.Duration) time.Time {
	exp := now.Add(lifetime)
	if card.ExpiryDate != nil && card.ExpiryDate.Before(exp) {
		exp = *card.ExpiryDate
	}
	if c.BirthDate.IsZero() {
		return exp
	}
	born := c.BirthDate.Latest()
	for _, t := range AgeThresholds {
		if at := born.AddDate(t, 0, 0); at.After(now) && at.Before(exp) {
			exp = at
		}
	}
	return exp
}
