package idnumber

import "fmt"

// Sex is the sex encoded in the century/sex digit. The zero value means
// unknown; Check skips the comparison for it.
type Sex int

const (
	Male Sex = iota + 1
	Female
)

func (s Sex) String() string {
	switch s {
	case Male:
		return "male"
	case Female:
		return "female"
	case 0:
		return "unknown"
	default:
		return fmt.Sprintf("Sex(%d)", int(s))
	}
}

// Vietnamese returns the label printed on cards and in the QR code:
// "Nam", "Nữ", or "không rõ" when unknown.
func (s Sex) Vietnamese() string {
	switch s {
	case Male:
		return "Nam"
	case Female:
		return "Nữ"
	default:
		return "không rõ"
	}
}

func (s Sex) known() bool { return s == Male || s == Female }
