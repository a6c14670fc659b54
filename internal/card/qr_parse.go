package card

import (
	"fmt"
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/person"
)

// QRData is what ParseQRPayload reads from a card's QR code.
type QRData struct {
	Number      string
	OldIDNumber string // empty when the card has none
	FullName    string
	BirthDate   pdate.Date // may be partial
	Sex         person.Sex
	Residence   string
	IssueDate   pdate.Date // zero when a 6-field payload lacks it
	Extra       []string   // fields after the 7th, kept for newer layouts
}

// QRError says which field of a QR payload is wrong and why. Field is -1
// for the payload as a whole.
type QRError struct {
	Field  int
	Name   string
	Reason string
}

func (e *QRError) Error() string {
	if e.Field < 0 {
		return "QR payload: " + e.Reason
	}
	return fmt.Sprintf("QR payload field %d (%s): %s", e.Field+1, e.Name, e.Reason)
}

// Unwrap lets callers test errors.Is(err, ErrQR).
func (e *QRError) Unwrap() error { return ErrQR }

// ParseQRPayload reads a card QR payload tolerantly, as scanners deliver
// them (domain.md §2.1 notes): surrounding white space and any prefix before
// the 12-digit ID number (AIM identifiers such as "]Q1", "QR:") are ignored,
// fields are trimmed, and 6 fields are accepted when either the old CMND
// number or the trailing issue date is missing (told apart by whether the
// second field is a name). Fields after the 7th are kept in Extra.
func ParseQRPayload(s string) (QRData, error) {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	start := qrPayloadStart(s)
	if start < 0 {
		return QRData{}, &QRError{Field: -1, Reason: "no 12-digit ID number followed by '|'"}
	}
	fields := strings.Split(s[start:], QRSeparator)
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	if len(fields) < 6 {
		return QRData{}, &QRError{Field: -1, Reason: fmt.Sprintf("want 7 fields separated by '|', got %d", len(fields))}
	}
	if len(fields) == 6 {
		fields = qrWidenSix(fields)
	}
	return qrFields(fields)
}

// qrPayloadStart returns where the 12-digit ID number before the first '|'
// begins; anything before it is a scanner prefix. It returns -1 when the
// first field does not end in 12 digits.
func qrPayloadStart(s string) int {
	bar := strings.Index(s, QRSeparator)
	if bar < 0 {
		return -1
	}
	head := strings.TrimRight(s[:bar], " \t")
	if len(head) < 12 || !isDigits(head[len(head)-12:], 12) {
		return -1
	}
	return len(head) - 12
}

// qrWidenSix inserts the missing field of a 6-field payload: an empty old
// CMND number when field 2 is not a number, else an empty issue date.
func qrWidenSix(f []string) []string {
	if f[1] != "" && strings.Trim(f[1], "0123456789") != "" {
		return append([]string{f[0], ""}, f[1:]...)
	}
	return append(f, "")
}

func qrFields(f []string) (QRData, error) {
	d := QRData{Number: f[0], OldIDNumber: f[1], FullName: f[2], Residence: f[5]}
	if len(f) > 7 {
		d.Extra = f[7:]
	}
	if d.OldIDNumber != "" && !isDigits(d.OldIDNumber, 9) && !isDigits(d.OldIDNumber, 12) {
		return QRData{}, qrErr(1, "not 9 or 12 digits: %q", d.OldIDNumber)
	}
	if d.FullName == "" {
		return QRData{}, qrErr(2, "empty")
	}
	var err error
	if d.BirthDate, err = parseQRDate(f[3]); err != nil || d.BirthDate.IsZero() {
		return QRData{}, qrErr(3, "want ddmmyyyy (00 for an unknown day or month): %q", f[3])
	}
	if d.Sex, err = person.ParseSex(f[4]); err != nil {
		return QRData{}, qrErr(4, "want Nam or Nữ: %q", f[4])
	}
	if d.IssueDate, err = parseQRDate(f[6]); err != nil || (f[6] != "" && d.IssueDate.Precision() != pdate.Day) {
		return QRData{}, qrErr(6, "want ddmmyyyy: %q", f[6])
	}
	return d, nil
}

func qrErr(field int, format string, args ...any) error {
	return &QRError{Field: field, Name: qrFieldNames[field], Reason: fmt.Sprintf(format, args...)}
}

// parseQRDate reads ddmmyyyy, where "00" is an unknown day or month (what
// BuildQRPayload writes for a partial birth date); the shorter mmyyyy and
// yyyy seen from other issuers are accepted too. "" is the zero date.
func parseQRDate(s string) (pdate.Date, error) {
	if s == "" {
		return pdate.Date{}, nil
	}
	if !isDigits(s, len(s)) || (len(s) != 8 && len(s) != 6 && len(s) != 4) {
		return pdate.Date{}, fmt.Errorf("%q is not ddmmyyyy", s)
	}
	n := func(p string) int {
		v := 0
		for i := 0; i < len(p); i++ {
			v = v*10 + int(p[i]-'0')
		}
		return v
	}
	switch len(s) {
	case 8:
		if s[:2] != "00" && s[2:4] == "00" {
			return pdate.Date{}, fmt.Errorf("%q has a day but no month", s)
		}
		return pdate.New(n(s[4:]), n(s[2:4]), n(s[:2]))
	case 6:
		return pdate.New(n(s[2:]), n(s[:2]), 0)
	default:
		return pdate.New(n(s), 0, 0)
	}
}
