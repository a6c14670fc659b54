// Package card is the căn cước card as a domain object: what is printed
// and encoded on it, and the legal rules around it (validity, fees,
// processing deadlines, MRZ and QR layouts). It imports no SQL or HTTP
// package. Chip data (internal/chip) and the card face
// (internal/card/face) are built from a Card.
package card

import (
	"dancu/internal/pdate"
	"dancu/internal/person"
)

// Regime is the law a card was issued under: it decides the card model,
// the milestone ages and what the face shows.
type Regime string

const (
	// Regime2014 is the chip CCCD of Luật CCCD 59/2014 (cards issued
	// before 2024-07-01).
	Regime2014 Regime = "cccd-2014"
	// Regime2023 is the thẻ căn cước of Luật Căn cước 26/2023/QH15
	// (from 2024-07-01).
	Regime2023 Regime = "cancuoc-2023"
)

// Law2023From is the day Luật Căn cước 26/2023/QH15 took effect.
var Law2023From = pdate.Full(2024, 7, 1)

// RegimeOn is the law a card issued on day falls under.
func RegimeOn(day pdate.Date) Regime {
	if day.Compare(Law2023From) < 0 {
		return Regime2014
	}
	return Regime2023
}

// Card is one produced card: the holder's data as printed and encoded,
// and the card's own dates. Text fields hold Vietnamese as printed (with
// diacritics); encoders transliterate where a layout needs ASCII.
type Card struct {
	Number      string // = the holder's 12-digit personal ID number
	OldIDNumber string // 9-digit CMND, empty if none

	FullName  string     // họ, chữ đệm và tên khai sinh
	BirthDate pdate.Date // may be year-only or year+month on legacy records
	Sex       person.Sex
	// Nationality, Ethnicity and Religion are printed names
	// ("Việt Nam", "Kinh", "Không"), not codes.
	Nationality string
	Ethnicity   string
	Religion    string
	// BirthRegistration is nơi đăng ký khai sinh (2023 card); Hometown is
	// quê quán (2014 card). Both are printed text.
	BirthRegistration string
	Hometown          string
	// Residence is nơi cư trú (2023) or nơi thường trú (2014), printed text.
	Residence        string
	IdentifyingMarks string // đặc điểm nhận dạng (2014 card face, chip DG13)

	FatherName string
	MotherName string
	SpouseName string

	Regime    Regime
	IssueDate pdate.Date // day precision
	// ExpiryDate is zero when the card has no expiry ("Không thời hạn").
	ExpiryDate pdate.Date
	IssuedBy   string // "Bộ Công an"

	// Photo is the face image (JPEG), absent for holders under 6 on the
	// 2023 card.
	Photo []byte
}
