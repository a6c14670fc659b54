package audit

import "time"

// Access is one line of a citizen's data tracker: who, when, why, what.
// It deliberately names the office, never the officer's account or
// person: citizens learn which authority looked (and can complain to it),
// while officers are not exposed to harassment; auditors see the account.
type Access struct {
	Time       time.Time `json:"time"`
	Who        string    `json:"who"`
	Action     string    `json:"action"`
	Purpose    string    `json:"purpose,omitempty"`
	LegalBasis string    `json:"legal_basis,omitempty"`
	Fields     []string  `json:"fields,omitempty"`
	Result     string    `json:"result,omitempty"`
}

// UnitName names an administrative unit by code with its type, e.g.
// "Phường Thành Sen"; "" when unknown.
type UnitName func(code string) string

// Role names of principals that are not officer accounts.
const (
	RoleCitizen = "citizen"
	RoleSystem  = "system"
)

// AccessOf turns an entry into the tracker line a citizen may see. It
// must only be called on non-confidential entries.
func AccessOf(e Entry, unitName UnitName) Access {
	return Access{Time: e.Time, Who: Describe(e, unitName), Action: e.Action, Purpose: e.Purpose,
		LegalBasis: e.LegalBasis, Fields: e.Fields, Result: e.Result}
}

// Describe says who accessed, in Vietnamese, as the citizen will read it.
func Describe(e Entry, unitName UnitName) string {
	if e.AgencyID != "" {
		return "Cơ quan, tổ chức được cấp quyền khai thác: " + e.AgencyID
	}
	switch e.Role {
	case RoleCitizen:
		return "Bạn (qua cổng dịch vụ công dân)"
	case RoleSystem:
		return "Hệ thống Cơ sở dữ liệu quốc gia về dân cư"
	case "commune", "district", "province":
		if n := unitName(e.Unit); n != "" {
			return "Cán bộ Công an " + n
		}
		return "Cán bộ Công an địa phương"
	case "ministry":
		return "Cán bộ Bộ Công an"
	case "investigator": // confidential: shown to auditors, never in the tracker
		return "Cơ quan điều tra"
	case "auditor":
		return "Cán bộ kiểm tra, giám sát"
	case "admin":
		return "Cán bộ quản trị hệ thống"
	}
	return "Cơ quan quản lý dân cư"
}
