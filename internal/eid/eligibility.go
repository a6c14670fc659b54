package eid

import (
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
	"dancu/internal/registry"
)

// Ages of NĐ 69/2024 (shared/spec/domain.md §8): from 14 a citizen with a
// card holds levels 1 and 2 in their own right; from 6 to 13 a child with
// a card gets level 1 or 2 on request, and under 6 level 1 only; a
// parent or guardian requests and acts for a child under 14.
const (
	AdultAge     = issuance.MinimumAge // 14
	Level2MinAge = 6
)

// ageOn is the youngest the citizen can be on day (a partial birth date
// counts as late as it can), so a child is never given what the law
// keeps for older children.
func ageOn(c registry.Citizen, day time.Time) int {
	age, _ := c.BirthDate.AgeAt(issuance.Day(day))
	return age
}

// MaxLevel is the highest level a citizen of that age may hold.
func MaxLevel(age int) int {
	if age < Level2MinAge {
		return Level1
	}
	return Level2
}

// checkLiving refuses a record that cannot hold an account.
func checkLiving(c registry.Citizen) error {
	switch c.Status {
	case registry.Alive:
		return nil
	case registry.Merged:
		return apperr.New(apperr.Invalid, "this record was merged into another one; use the ID number on your card")
	}
	return apperr.New(apperr.Invalid, "the register does not show this person as living")
}

// hasActiveCard reports whether one of cards is the citizen's active card.
func hasActiveCard(cards []issuance.Card, citizenID string, day time.Time) bool {
	for _, k := range cards {
		if k.CitizenID == citizenID && k.State == issuance.CardActive && (k.ExpiryDate == nil || day.Before(*k.ExpiryDate)) {
			return true
		}
	}
	return false
}

// isGuardian reports whether guardianID is the child's father, mother or
// legal representative in the register.
func isGuardian(child registry.Citizen, guardianID string) bool {
	for _, r := range []registry.PersonRef{child.Father, child.Mother, child.Representative} {
		if r.CitizenID != "" && r.CitizenID == guardianID {
			return true
		}
	}
	return false
}
