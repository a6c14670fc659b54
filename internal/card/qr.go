package card

import (
	"errors"
	"fmt"
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/person"
)

// ErrQR is wrapped by every error BuildQRPayload and ParseQRPayload return.
var ErrQR = errors.New("invalid QR payload")

// QRSeparator separates the fields of the card's QR payload.
const QRSeparator = "|"

// BuildQRPayload returns the 7-field QR payload of the chip CCCD
// (domain.md §2.1):
//
//	ID|old CMND|full name|ddmmyyyy|Nam/Nữ|residence|issue ddmmyyyy
//
// Text is UTF-8 as printed, with diacritics. The dates are always 8 digits:
// an unknown day or month of a legacy birth date is "00" ("00001942"; see
// partial_date.go), so readers that check the layout accept it and nothing
// is invented. The 2023 card's final QR layout is unpublished (domain.md
// §2.2), so both regimes use this one.
func BuildQRPayload(c Card) (string, error) {
	if !isDigits(c.Number, 12) {
		return "", fmt.Errorf("%w: card number %q is not 12 digits", ErrQR, c.Number)
	}
	if c.OldIDNumber != "" && !isDigits(c.OldIDNumber, 9) {
		return "", fmt.Errorf("%w: old CMND number %q is not 9 digits", ErrQR, c.OldIDNumber)
	}
	sex, err := qrSex(c.Sex)
	if err != nil {
		return "", err
	}
	if c.BirthDate.IsZero() || c.IssueDate.Precision() != pdate.Day {
		return "", fmt.Errorf("%w: birth date %q or issue date %q missing or partial", ErrQR, c.BirthDate, c.IssueDate)
	}
	fields := []string{c.Number, c.OldIDNumber, strings.TrimSpace(c.FullName),
		qrDate(c.BirthDate), sex, strings.TrimSpace(c.Residence), qrDate(c.IssueDate)}
	for i, f := range fields {
		if strings.ContainsAny(f, QRSeparator+"\r\n") {
			return "", fmt.Errorf("%w: field %d (%s) contains '|' or a line break: %q", ErrQR, i, qrFieldNames[i], f)
		}
	}
	return strings.Join(fields, QRSeparator), nil
}

var qrFieldNames = [7]string{"ID number", "old CMND number", "full name", "birth date", "sex", "residence", "issue date"}

// qrDate is ddmmyyyy, with "00" for an unknown day or month.
func qrDate(d pdate.Date) string { return FixedDate(d, "") }

func qrSex(s person.Sex) (string, error) {
	switch s {
	case person.Male:
		return "Nam", nil
	case person.Female:
		return "Nữ", nil
	}
	return "", fmt.Errorf("%w: sex %q is neither M nor F", ErrQR, s)
}
