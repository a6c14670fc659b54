package auth

import "fmt"

// Role is what an officer account may do and over which area.
type Role string

const (
	// RoleCommune is a commune police officer: one commune.
	RoleCommune Role = "commune"
	// RoleDistrict is kept for accounts created before the 2025 reform
	// removed districts; it is scoped like a province user over the unit
	// code it holds.
	RoleDistrict Role = "district"
	RoleProvince Role = "province"
	// RoleMinistry, RoleAuditor and RoleAdmin are national.
	RoleMinistry Role = "ministry"
	RoleAuditor  Role = "auditor"
	RoleAdmin    Role = "admin"
)

// Roles lists every role, narrowest first.
var Roles = []Role{RoleCommune, RoleDistrict, RoleProvince, RoleMinistry, RoleAuditor, RoleAdmin}

// ParseRole accepts a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (use commune, district, province, ministry, auditor or admin)", s)
}

// National reports a role that sees the whole country.
func (r Role) National() bool {
	return r == RoleMinistry || r == RoleAuditor || r == RoleAdmin
}

// CanEdit reports whether the role may change citizen records. Auditors
// read, they never write.
func (r Role) CanEdit() bool { return r != RoleAuditor && r != "" }
