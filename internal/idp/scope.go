package idp

import (
	"slices"
	"strings"

	"dancu/internal/registry"
)

// Scopes a relying party may register and request.
const (
	ScopeOpenID    = "openid"
	ScopeProfile   = "profile"
	ScopeIDNumber  = "id_number"
	ScopeEmail     = "email"
	ScopePhone     = "phone"
	ScopeResidence = "residence"
	ScopeOffline   = "offline_access"
)

// Authentication context classes: the account's level of assurance
// (NĐ 69/2024). A level-2 login satisfies a level-1 request, not the
// reverse.
const (
	ACRLevel1 = "urn:dancu:vneid:level1"
	ACRLevel2 = "urn:dancu:vneid:level2"
)

// ACR is the class a login of that account level carries.
func ACR(level int) string {
	if level >= 2 {
		return ACRLevel2
	}
	return ACRLevel1
}

// ACRLevel is the account level an acr value asks for; 0 for an unknown value.
func ACRLevel(acr string) int {
	switch acr {
	case ACRLevel1:
		return 1
	case ACRLevel2:
		return 2
	}
	return 0
}

// Scope describes what one scope releases, in the citizen's language on
// the consent page. Level 2 marks level-2 data: only a level-2 login
// releases it, and only to a FAPI 2.0 relying party.
type Scope struct {
	Name   string
	Claims []string
	Level  int
	VI, EN string
}

var scopes = []Scope{
	{ScopeOpenID, []string{"sub"}, 1, "Mã định danh riêng cho dịch vụ này (không phải số định danh cá nhân)", "An identifier for this service only (not your ID number)"},
	{ScopeProfile, []string{"name", "birthdate", "gender"}, 1, "Họ, chữ đệm và tên; ngày sinh; giới tính", "Full name, date of birth, sex"},
	{ScopeIDNumber, []string{"id_number"}, 1, "Số định danh cá nhân", "Personal ID number"},
	{ScopeEmail, []string{"email"}, 1, "Thư điện tử", "E-mail address"},
	{ScopePhone, []string{"phone_number"}, 1, "Số điện thoại", "Phone number"},
	{ScopeResidence, []string{"address"}, 2, "Nơi thường trú", "Permanent residence"},
	{ScopeCredential, nil, 2, "Căn cước điện tử vào ví của bạn (gắn với khóa của ví)", "Your electronic identity card, into your wallet (bound to its key)"},
	{ScopeOffline, nil, 1, "Duy trì đăng nhập (mã làm mới)", "Stay signed in (refresh token)"},
}

// Scopes lists every supported scope in display order.
func Scopes() []Scope { return slices.Clone(scopes) }

// ScopeNames lists the names of every supported scope.
func ScopeNames() []string {
	out := make([]string, len(scopes))
	for i, s := range scopes {
		out[i] = s.Name
	}
	return out
}

// LookupScope finds a supported scope by name.
func LookupScope(name string) (Scope, bool) {
	for _, s := range scopes {
		if s.Name == name {
			return s, true
		}
	}
	return Scope{}, false
}

// ClaimNames lists every claim the scopes can release.
func ClaimNames() []string {
	var out []string
	for _, s := range scopes {
		out = append(out, s.Claims...)
	}
	return append(out, "acr", "amr", "auth_time")
}

// UnitName names an administrative unit by code ("" when unknown).
type UnitName func(code string) string

// Claims are the claims released for scopes about citizen c, beside sub.
// Level-2 scopes release only after a level-2 login.
func Claims(c registry.Citizen, granted []string, level int, unitName UnitName) map[string]any {
	out := map[string]any{}
	for _, name := range granted {
		s, ok := LookupScope(name)
		if !ok || s.Level > level {
			continue
		}
		switch name {
		case ScopeProfile:
			out["name"] = c.FullName
			if b := c.BirthDate.String(); b != "" {
				out["birthdate"] = b
			}
			out["gender"] = gender(c.Sex)
		case ScopeIDNumber:
			out["id_number"] = c.IDNumber
		case ScopeEmail:
			if c.Email != "" {
				out["email"] = c.Email
			}
		case ScopePhone:
			if c.Phone != "" {
				out["phone_number"] = c.Phone
			}
		case ScopeResidence:
			if !c.Permanent.IsZero() {
				out["address"] = address(c.Permanent, unitName)
			}
		}
	}
	return out
}

func gender(s registry.Sex) string {
	switch s {
	case "M":
		return "male"
	case "F":
		return "female"
	}
	return "other"
}

func address(r registry.Residence, unitName UnitName) map[string]string {
	a := map[string]string{"country": "VN"}
	parts := []string{r.Address}
	if unitName != nil {
		if n := unitName(r.Commune); n != "" {
			a["locality"] = n
			parts = append(parts, n)
		}
		if n := unitName(r.Province); n != "" {
			a["region"] = n
			parts = append(parts, n)
		}
	}
	if r.Address != "" {
		a["street_address"] = r.Address
	}
	a["formatted"] = strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), ", ")
	return a
}

// ReleasedFields names the claims a token released, for the audit entry
// and the citizen's tracker.
func ReleasedFields(claims map[string]any) []string {
	out := []string{"sub"}
	for k := range claims {
		out = append(out, k)
	}
	slices.Sort(out[1:])
	return out
}
