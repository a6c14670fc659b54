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
	// RoleMinistry, RoleInvestigator, RoleAuditor and RoleAdmin are
	// national.
	RoleMinistry Role = "ministry"
	// RoleInvestigator is an investigation body (cơ quan điều tra): it
	// reads the whole register, never changes it, and its accesses are
	// confidential (see Confidential).
	RoleInvestigator Role = "investigator"
	RoleAuditor      Role = "auditor"
	RoleAdmin        Role = "admin"
)

// Roles lists every role, narrowest first.
var Roles = []Role{RoleCommune, RoleDistrict, RoleProvince, RoleMinistry, RoleInvestigator, RoleAuditor, RoleAdmin}

// ParseRole accepts a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (use commune, district, province, ministry, investigator, auditor or admin)", s)
}

// National reports a role that sees the whole country.
func (r Role) National() bool {
	return r == RoleMinistry || r == RoleInvestigator || r == RoleAuditor || r == RoleAdmin
}

// Confidential reports whether the role's accesses are confidential: kept
// in the audit log like any other, shown to auditors, but hidden from the
// citizen's data tracker, so that a criminal investigation is not
// revealed to the person it concerns.
func (r Role) Confidential() bool { return r == RoleInvestigator }

// CanEdit reports whether the role may change citizen records. Auditors
// and investigators read, they never write.
func (r Role) CanEdit() bool { return r != RoleAuditor && r != RoleInvestigator && r != "" }
