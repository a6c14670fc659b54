package auth_test

import (
	"testing"

	"dancu/internal/auth"
	"dancu/internal/units"
)

func TestCanSee(t *testing.T) {
	cat := units.Default()
	commune := auth.User{Role: auth.RoleCommune, Unit: "18073"}
	province := auth.User{Role: auth.RoleProvince, Unit: "42"}
	district := auth.User{Role: auth.RoleDistrict, Unit: "42"}
	ministry := auth.User{Role: auth.RoleMinistry}
	for _, tc := range []struct {
		name              string
		u                 auth.User
		commune, province string
		want              bool
	}{
		{"commune own", commune, "18073", "42", true},
		{"commune other commune same province", commune, "18100", "42", false},
		{"commune other province", commune, "00004", "01", false},
		{"commune no residence", commune, "", "", false},
		{"commune province only", commune, "", "42", false},
		{"province own commune", province, "18100", "42", true},
		{"province other province", province, "00004", "01", false},
		{"province province only", province, "", "42", true},
		{"district acts as province", district, "18100", "42", true},
		{"district other province", district, "00004", "01", false},
		{"ministry anywhere", ministry, "00004", "01", true},
		{"ministry no residence", ministry, "", "", true},
		{"auditor anywhere", auth.User{Role: auth.RoleAuditor}, "18073", "42", true},
		{"no role", auth.User{Unit: "42"}, "18073", "42", false},
		{"unknown commune", province, "99999", "42", false},
	} {
		if got := tc.u.CanSee(cat, tc.commune, tc.province); got != tc.want {
			t.Errorf("%s: CanSee = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestScopeAndCovers(t *testing.T) {
	cat := units.Default()
	if s := (auth.User{Role: auth.RoleAdmin}).Scope(); s != "" {
		t.Errorf("admin scope = %q", s)
	}
	p := auth.User{Role: auth.RoleProvince, Unit: "42"}
	if p.Scope() != "42" || !p.Covers(cat, "42") || !p.Covers(cat, "18073") || p.Covers(cat, "01") || p.Covers(cat, "00004") {
		t.Error("province user coverage is wrong")
	}
	c := auth.User{Role: auth.RoleCommune, Unit: "18073"}
	if !c.Covers(cat, "18073") || c.Covers(cat, "42") {
		t.Error("commune user coverage is wrong")
	}
}
