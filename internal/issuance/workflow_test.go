package issuance

import (
	"strings"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/units"
)

func completeCaptures() Captures {
	c := Captures{Photo: "p", Signature: "s"}
	for i := range c.Fingerprints {
		c.Fingerprints[i].Ref = "f"
	}
	c.Fingerprints[9] = Fingerprint{Missing: "amputated"}
	return c
}

// Users of the tests: Thành Sen commune (18073) lies in Hà Tĩnh (42).
var (
	communeUser  = auth.User{ID: "u1", Username: "xa", Role: auth.RoleCommune, Unit: "18073"}
	otherCommune = auth.User{ID: "u2", Username: "xa2", Role: auth.RoleCommune, Unit: "18100"}
	provinceUser = auth.User{ID: "u3", Username: "tinh", Role: auth.RoleProvince, Unit: "42"}
	otherProv    = auth.User{ID: "u4", Username: "hn", Role: auth.RoleProvince, Unit: "01"}
	ministryUser = auth.User{ID: "u5", Username: "bo", Role: auth.RoleMinistry}
	auditorUser  = auth.User{ID: "u6", Username: "kt", Role: auth.RoleAuditor}
	adminUser    = auth.User{ID: "u7", Username: "qt", Role: auth.RoleAdmin}
)

func TestCheckAllowedMoves(t *testing.T) {
	cat := units.Default()
	full := func(to State) Move {
		return Move{To: to, Reason: "r", CitizenConfirmed: true, Card: &ProducedCard{IssueDate: day("2026-01-10")}}
	}
	tests := []struct {
		from, to State
		user     auth.User
	}{
		{Submitted, Verified, communeUser},
		{Submitted, Verified, provinceUser},
		{Submitted, Rejected, communeUser},
		{Submitted, Cancelled, communeUser},
		{Verified, Approved, provinceUser},
		{Verified, Approved, ministryUser},
		{Verified, Rejected, ministryUser},
		{Verified, Cancelled, communeUser},
		{Approved, InProduction, ministryUser},
		{Approved, Rejected, ministryUser},
		{InProduction, Produced, ministryUser},
		{Produced, Delivered, provinceUser},
		{Produced, Delivered, ministryUser},
		{Delivered, HandedOver, communeUser},
	}
	for _, tt := range tests {
		app := Application{State: tt.from, Unit: "18073", Captures: completeCaptures()}
		if _, err := Check(cat, tt.user, app, full(tt.to)); err != nil {
			t.Errorf("%s → %s by %s: %v", tt.from, tt.to, tt.user.Role, err)
		}
	}
}

// TestCheckRefusesEverythingElse walks every pair of states for every
// role: exactly the table's moves pass, everything else names both states.
func TestCheckRefusesEverythingElse(t *testing.T) {
	cat := units.Default()
	users := []auth.User{communeUser, otherCommune, provinceUser, otherProv, ministryUser, auditorUser, adminUser}
	for _, from := range States {
		for _, to := range States {
			for _, u := range users {
				app := Application{State: from, Unit: "18073", Captures: completeCaptures()}
				m := Move{To: to, Reason: "r", CitizenConfirmed: true, Card: &ProducedCard{IssueDate: day("2026-01-10")}}
				_, err := Check(cat, u, app, m)
				r, listed := workflow[from][to]
				want := listed && r.by.allows(u.Role) && (u.Role.National() || u.Covers(cat, "18073"))
				if (err == nil) != want {
					t.Errorf("%s → %s by %s/%s: err %v, want allowed=%v", from, to, u.Role, u.Unit, err, want)
				}
				if err != nil && !strings.Contains(err.Error(), "from "+string(from)+" to "+string(to)) {
					t.Errorf("error %q does not name both states", err)
				}
			}
		}
	}
}

func TestCheckPreconditions(t *testing.T) {
	cat := units.Default()
	tests := []struct {
		name string
		app  Application
		user auth.User
		move Move
		code apperr.Code
	}{
		{"reject without reason", Application{State: Submitted}, communeUser, Move{To: Rejected, Reason: "  "}, apperr.Invalid},
		{"cancel without reason", Application{State: Verified}, communeUser, Move{To: Cancelled}, apperr.Invalid},
		{"verify incomplete captures", Application{State: Submitted, Captures: Captures{Photo: "p"}}, communeUser, Move{To: Verified}, apperr.Invalid},
		{"hand over without confirmation", Application{State: Delivered}, communeUser, Move{To: HandedOver}, apperr.Invalid},
		{"produce without card", Application{State: InProduction}, ministryUser, Move{To: Produced}, apperr.Invalid},
		{"skip a step", Application{State: Submitted}, ministryUser, Move{To: Approved}, apperr.Conflict},
		{"leave a final state", Application{State: HandedOver}, ministryUser, Move{To: Delivered}, apperr.Conflict},
		{"auditor", Application{State: Submitted}, auditorUser, Move{To: Verified}, apperr.Forbidden},
		{"commune approves", Application{State: Verified}, communeUser, Move{To: Approved}, apperr.Forbidden},
		{"other province", Application{State: Verified}, otherProv, Move{To: Approved}, apperr.Forbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.app.Unit = "18073"
			if _, err := Check(cat, tt.user, tt.app, tt.move); !apperr.Is(err, tt.code) {
				t.Errorf("err = %v, want %s", err, tt.code)
			}
		})
	}
}

func TestCapturesCheck(t *testing.T) {
	if err := completeCaptures().Check(); err != nil {
		t.Errorf("complete: %v", err)
	}
	c := completeCaptures()
	c.Fingerprints[2] = Fingerprint{Ref: "f", Missing: "scar"}
	c.Fingerprints[3] = Fingerprint{}
	var ae *apperr.Error
	err := c.Check()
	if !asErr(err, &ae) || len(ae.Fields) != 2 {
		t.Errorf("contradictory and empty prints: %v", err)
	}
}
