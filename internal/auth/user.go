package auth

import (
	"time"

	"dancu/internal/units"
)

// User is an officer account. Unit is a code of units.List2025July: a
// 5-digit commune or a 2-digit province; "" for national roles.
type User struct {
	ID          string    `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Role        Role      `json:"role"`
	Unit        string    `json:"unit,omitempty"`
	Disabled    bool      `json:"disabled"`
	CreatedAt   time.Time `json:"created_at"`
}

// UnitList is the unit list that account units and jurisdiction checks
// use: the newest one, which the registry maps every residence onto.
const UnitList = units.List2025July

// Scope is the unit filter for the user's searches: "" (everything) for
// national roles, else the unit the user sits on.
func (u User) Scope() string {
	if u.Role.National() {
		return ""
	}
	return u.Unit
}

// CanSee reports whether the user may read a citizen whose permanent
// residence is commune (5 digits) in province (2 digits). National roles
// see everything; others see the subtree of their unit. A record without
// a known residence is visible to national roles only.
func (u User) CanSee(cat *units.Catalog, commune, province string) bool {
	if u.Role.National() {
		return true
	}
	if u.Unit == "" || u.Role == "" {
		return false
	}
	if commune != "" {
		return cat.Contains(UnitList, u.Unit, commune)
	}
	// No commune recorded: only a province-wide user of that province.
	return province != "" && province == u.Unit
}

// Covers reports whether unit (a commune or province code) lies within the
// user's scope, for checking a requested search filter.
func (u User) Covers(cat *units.Catalog, unit string) bool {
	scope := u.Scope()
	if scope == "" {
		return true
	}
	if u.Unit == "" {
		return false
	}
	return cat.Contains(UnitList, scope, unit)
}
