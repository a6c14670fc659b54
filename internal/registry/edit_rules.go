package registry

import (
	"errors"
	"strings"
	"time"
)

// The rules for fields an officer edits by hand (the API's PATCH, the web
// application's correction form). They follow the import rules
// (Converter), which work on rows; both front ends call these so a value
// one accepts the other accepts too.

var phoneSeparators = strings.NewReplacer(" ", "", ".", "", "-", "")

// Phone canonicalises a Vietnamese phone number: separators dropped, +84
// written as 0, 9 to 11 digits.
func Phone(s string) (string, error) {
	s = phoneSeparators.Replace(strings.TrimSpace(s))
	if strings.HasPrefix(s, "+84") {
		s = "0" + s[3:]
	}
	if strings.Trim(s, "0123456789") != "" || len(s) < 9 || len(s) > 11 {
		return "", errors.New("is not a Vietnamese phone number (9–11 digits, optional +84)")
	}
	return s, nil
}

// Email lower-cases and checks the shape of an e-mail address.
func Email(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	at := strings.IndexByte(s, '@')
	if at < 1 || at == len(s)-1 || len(s) > 254 || strings.ContainsAny(s, " ,;") || !strings.Contains(s[at:], ".") {
		return "", errors.New("is not an e-mail address")
	}
	return s, nil
}

// BloodType accepts O, A, B and AB in any case.
func BloodType(s string) (string, error) {
	switch s = strings.ToUpper(strings.TrimSpace(s)); s {
	case "O", "A", "B", "AB":
		return s, nil
	}
	return "", errors.New("is not one of O, A, B, AB")
}

// OfficerStatus accepts the statuses an officer may set; merging is the
// data-cleaning procedure's.
func OfficerStatus(s string) (Status, error) {
	switch st := Status(s); st {
	case Alive, Dead, Missing:
		return st, nil
	}
	return "", errors.New("must be alive, dead or missing")
}

// Inconsistency is a rule across fields that an edited record breaks.
type Inconsistency struct {
	Field string
	Code  string // death_required, death_not_dead, death_before_birth, death_in_future
	// Reason is the English explanation (API problem details).
	Reason string
}

// Inconsistencies checks a record after an edit, as of today. Partial
// dates compare by their spans: a death in "1990" is not before a birth on
// 1990-05-15, it only cannot end before it starts.
func Inconsistencies(c *Citizen, today time.Time) []Inconsistency {
	switch {
	case c.Status == Dead && c.DeathDate.IsZero():
		return []Inconsistency{{"death_date", "death_required", "required when status is dead"}}
	case c.Status != Dead && !c.DeathDate.IsZero():
		return []Inconsistency{{"death_date", "death_not_dead", "only a dead person has a death date"}}
	case !c.DeathDate.IsZero() && !c.BirthDate.IsZero() && c.DeathDate.Latest().Before(c.BirthDate.Earliest()):
		return []Inconsistency{{"death_date", "death_before_birth", "is before the birth date"}}
	case !c.DeathDate.IsZero() && c.DeathDate.Earliest().After(today):
		return []Inconsistency{{"death_date", "death_in_future", "is in the future"}}
	}
	return nil
}
