package chip

import (
	"dancu/internal/card"
	"dancu/internal/person"
)

// PersonalDataFromCard maps a card to DG13 as printed on its face. Dates
// keep their precision (a year-only legacy birth date is written "1950").
// A card without expiry omits field 12, as other absent fields are omitted.
func PersonalDataFromCard(c card.Card) PersonalData {
	origin := c.Hometown
	if c.Regime == card.Regime2023 {
		// The 2023 card prints nơi đăng ký khai sinh where quê quán was.
		origin = c.BirthRegistration
	}
	return PersonalData{
		Number:           c.Number,
		FullName:         c.FullName,
		BirthDate:        c.BirthDate.DDMMYYYY(),
		Sex:              sexLabel(c.Sex),
		Nationality:      c.Nationality,
		Ethnicity:        c.Ethnicity,
		Religion:         c.Religion,
		PlaceOfOrigin:    origin,
		Residence:        c.Residence,
		IdentifyingMarks: c.IdentifyingMarks,
		IssueDate:        c.IssueDate.DDMMYYYY(),
		ExpiryDate:       c.ExpiryDate.DDMMYYYY(),
		FatherName:       c.FatherName,
		MotherName:       c.MotherName,
		SpouseName:       c.SpouseName,
		OtherDocument:    c.OldIDNumber,
	}
}

// sexLabel is the printed Vietnamese word; an unknown value is omitted.
func sexLabel(s person.Sex) string {
	switch s {
	case person.Male:
		return "Nam"
	case person.Female:
		return "Nữ"
	}
	return ""
}
