// Package production makes a căn cước card from a registry record: the
// printed and encoded data (card.Card), the MRZ, the QR code, the signed
// chip image and the card face. It joins the domain packages and imports
// no SQL or HTTP package; the workflow that decides when a card is made
// lives in internal/issuance.
package production

import (
	"strings"

	"dancu/internal/card"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// Holder turns a registry record into the card's holder data, as printed:
// codes become names (ethnicity, religion, units) and places become text.
// Dates and the photo are the caller's: they come from the application.
func Holder(c registry.Citizen, cat *units.Catalog) card.Card {
	return card.Card{
		Number:            c.IDNumber,
		OldIDNumber:       c.OldIDNumber,
		FullName:          c.FullName,
		BirthDate:         c.BirthDate,
		Sex:               c.Sex,
		Nationality:       nationalityName(c.Nationality),
		Ethnicity:         registry.EthnicityName(c.Ethnicity),
		Religion:          religionName(c.Religion),
		BirthRegistration: placeText(c.BirthRegistration, cat),
		Hometown:          placeText(c.Hometown, cat),
		Residence:         residenceText(c.Permanent, cat),
		FatherName:        c.Father.Name,
		MotherName:        c.Mother.Name,
		SpouseName:        c.Spouse.Name,
		IssuedBy:          "Bộ Công an",
	}
}

// nationalityName prints the nationality; the register holds ISO codes
// and nearly everyone is Vietnamese.
func nationalityName(code string) string {
	switch code {
	case "", "VN", "VNM":
		return "Việt Nam"
	}
	return code
}

// religionName prints "Không" for no religion, as the card does.
func religionName(code string) string {
	if n := registry.ReligionName(code); n != "" && code != "00" {
		return n
	}
	return "Không"
}

// placeText prints a place as its unit's full name with its province,
// falling back to the text collected on the form.
func placeText(p registry.Place, cat *units.Catalog) string {
	if p.Code == "" {
		return p.Text
	}
	names := unitNames(units.ListID(p.List), p.Code, cat)
	if names == "" {
		return p.Text
	}
	return names
}

// residenceText prints an address followed by its commune and province.
func residenceText(r registry.Residence, cat *units.Catalog) string {
	parts := []string{}
	if r.Address != "" {
		parts = append(parts, r.Address)
	}
	if r.Commune != "" {
		if n := unitNames(units.List2025July, r.Commune, cat); n != "" {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, ", ")
}

// unitNames is "Xã A, Tỉnh B" for a commune, or the unit's full name.
func unitNames(l units.ListID, code string, cat *units.Catalog) string {
	u, ok := cat.Lookup(l, code)
	if !ok {
		return ""
	}
	if u.Level != units.Commune {
		return u.FullName
	}
	if p, ok := cat.ProvinceOf(l, code); ok {
		return u.FullName + ", " + p.FullName
	}
	return u.FullName
}
