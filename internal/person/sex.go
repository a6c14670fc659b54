// Package person holds the small value types that describe a person and are
// shared by the register, the card and the chip. It exists so that card and
// chip can name a holder's sex without importing the whole register (and
// with it DC01 and the import pipeline).
package person

import (
	"fmt"

	"dancu/internal/textfold"
)

// Sex as recorded on DC01 and printed on the card.
type Sex string

const (
	Male   Sex = "M"
	Female Sex = "F"
)

// ParseSex accepts M/F and Nam/Nữ in any case.
func ParseSex(s string) (Sex, error) {
	switch textfold.Fold(s) {
	case "m", "nam", "male":
		return Male, nil
	case "f", "nu", "female":
		return Female, nil
	}
	return "", fmt.Errorf("unknown sex %q (use M, F, Nam or Nữ)", s)
}
