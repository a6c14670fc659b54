package sqlstore_test

import (
	"errors"
	"slices"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/eid"
	"dancu/internal/registry"
)

func citizenTrail() audit.Entry { return audit.Entry{Role: audit.RoleCitizen, Route: "test"} }

// TestEIDAuthenticateContract is the contract the OpenID Connect provider
// and the credential build on: a login by ID number, phone or e-mail,
// and wrong credentials, an account not activated and a suspended one
// told apart, with the hooks told of the suspension.
func TestEIDAuthenticateContract(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		w := newEIDWorld(t, e)
		c := w.carded(t, 1, "1990-03-04", "")
		s := w.svc.EID

		acc, err := s.Enrol(ctx, eid.SelfEnrolment{IDNumber: c.IDNumber, FullName: c.FullName, BirthDate: c.BirthDate,
			Phone: "0912 345 678", Photo: photoOf(1), Password: goodPassword}, citizenTrail())
		if err != nil {
			t.Fatal(err)
		}
		if acc.Status != eid.Pending || acc.Level != eid.Level1 || acc.Phone != "0912345678" {
			t.Fatalf("enrolled %+v", acc)
		}
		_, err = s.Authenticate(ctx, eid.Credentials{Identifier: c.IDNumber, Password: goodPassword})
		if !errors.Is(err, eid.ErrNotActivated) || !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("pending account: %v", err)
		}
		if _, err := s.Activate(ctx, eid.Activation{Identifier: "0912345678", Code: "000000x"}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("wrong code: %v", err)
		}
		if _, err := s.Activate(ctx, eid.Activation{Identifier: "+84912345678", Code: w.code(t, acc.ID, eid.PurposeActivate)}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{c.IDNumber, "0912345678", "+84 912 345 678"} {
			p, err := s.Authenticate(ctx, eid.Credentials{Identifier: id, Password: goodPassword, Device: "Chrome on Android"})
			if err != nil {
				t.Fatalf("login as %s: %v", id, err)
			}
			if p.AccountID != acc.ID || p.CitizenID != c.ID || p.Level != 1 || !slices.Equal(p.Methods, []string{"pwd"}) || p.AuthTime.IsZero() {
				t.Fatalf("principal %+v", p)
			}
		}
		for _, cr := range []eid.Credentials{{Identifier: c.IDNumber, Password: "wrong password 123"},
			{Identifier: "001099000001", Password: goodPassword}, {Identifier: "nobody@example.vn", Password: goodPassword}} {
			if _, err := s.Authenticate(ctx, cr); !errors.Is(err, eid.ErrWrongCredentials) || !apperr.Is(err, apperr.Unauthenticated) {
				t.Fatalf("%s: %v", cr.Identifier, err)
			}
		}
		devices, err := s.Devices(ctx, eid.Principal{AccountID: acc.ID, CitizenID: c.ID})
		if err != nil || len(devices) != 1 || devices[0].Label != "Chrome on Android" {
			t.Fatalf("devices %+v %v", devices, err)
		}

		if _, err := s.Suspend(ctx, xaTranPhu, acc.ID, "lost phone", citizenTrail()); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("suspend outside jurisdiction: %v", err)
		}
		if _, err := s.Suspend(ctx, xaThanhSen, acc.ID, "lost phone", citizenTrail()); err != nil {
			t.Fatal(err)
		}
		_, err = s.Authenticate(ctx, eid.Credentials{Identifier: c.IDNumber, Password: goodPassword})
		if !errors.Is(err, eid.ErrSuspended) || !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("suspended: %v", err)
		}
		if _, err := s.Authenticate(ctx, eid.Credentials{Identifier: c.IDNumber, Password: "wrong password 123"}); !errors.Is(err, eid.ErrWrongCredentials) {
			t.Fatalf("a wrong password on a suspended account must not reveal the state: %v", err)
		}
		if !slices.Equal(w.hooks.citizens, []string{c.ID}) {
			t.Fatalf("hooks told %v", w.hooks.citizens)
		}
		if _, err := s.Reinstate(ctx, xaThanhSen, acc.ID, citizenTrail()); err != nil {
			t.Fatal(err)
		}
		got, err := s.Account(ctx, acc.ID)
		if err != nil || got.Status != eid.Active || got.CitizenID != c.ID || got.Level != 1 {
			t.Fatalf("account %+v %v", got, err)
		}
		if _, ok, err := s.Level2Account(ctx, c.ID); ok || err != nil {
			t.Fatalf("a level-1 account is no level-2 account: %v %v", ok, err)
		}

		// Every enrolment, activation and login shows in the tracker.
		recs, err := e.db.AuditLog().AuditEntries(ctx, audit.Filter{CitizenID: c.ID, WithoutConfidential: true, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, r := range recs {
			seen[r.Entry.Action+"/"+r.Entry.Result]++
		}
		for _, want := range []string{"eid.enrol/ok", "eid.face_match/match", "eid.activate/ok", "eid.login/ok", "eid.login/denied", "eid.suspend/ok", "eid.reinstate/ok"} {
			if seen[want] == 0 {
				t.Errorf("no %s in the tracker: %v", want, seen)
			}
		}
	})
}

// TestEIDLevel2AndWithdrawal: a desk verification raises the account to
// level 2 (Level2Account), a mismatch is refused and recorded, and the
// citizen's death revokes the account and tells the hooks.
func TestEIDLevel2AndWithdrawal(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		w := newEIDWorld(t, e)
		c := w.carded(t, 2, "1985-01-01", "")
		acc := w.enrolled(t, 2, c, "0987000001")
		s := w.svc.EID
		wrong := eid.DeskVerification{CardNumber: c.IDNumber, Photo: photoOf(3), Fingerprints: map[string][]byte{"right_index": printOf(2)}}
		if _, err := s.VerifyAtDesk(ctx, xaThanhSen, wrong, citizenTrail()); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("another face: %v", err)
		}
		right := eid.DeskVerification{CardNumber: c.IDNumber, Photo: photoOf(2), Fingerprints: map[string][]byte{"right_index": printOf(2)}}
		if _, err := s.VerifyAtDesk(ctx, xaTranPhu, right, citizenTrail()); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("outside jurisdiction: %v", err)
		}
		if _, ok, _ := s.Level2Account(ctx, c.ID); ok {
			t.Fatal("level 2 before verification")
		}
		got, err := s.VerifyAtDesk(ctx, xaThanhSen, right, citizenTrail())
		if err != nil || got.Level != eid.Level2 || got.ID != acc.ID {
			t.Fatalf("desk verification: %+v %v", got, err)
		}
		if id, ok, err := s.Level2Account(ctx, c.ID); !ok || err != nil || id != acc.ID {
			t.Fatalf("Level2Account %q %v %v", id, ok, err)
		}
		p, err := s.Authenticate(ctx, eid.Credentials{Identifier: "0987000001", Password: goodPassword})
		if err != nil || p.Level != 2 {
			t.Fatalf("level-2 login %+v %v", p, err)
		}
		enrolments, err := e.db.EID().Enrolments(ctx, c.ID)
		if err != nil || len(enrolments) != 3 || enrolments[1].Outcome != "refused" || enrolments[2].Kind != eid.KindDesk {
			t.Fatalf("enrolments %+v %v", enrolments, err)
		}
		if d := enrolments[1].Decisions[0]; d.Match || d.Score != 0.10 || d.Threshold != eid.DefaultThresholds.Face {
			t.Fatalf("recorded decision %+v", d)
		}

		if _, err := w.svc.Register.Update(ctx, c.ID, 0, func(c *registry.Citizen) error {
			c.Status = registry.Dead
			return nil
		}, registry.ChangeMeta{Actor: "test", Reason: "death registered"}); err != nil {
			t.Fatal(err)
		}
		got, err = s.Account(ctx, acc.ID)
		if err != nil || got.Status != eid.Revoked || got.Phone != "" {
			t.Fatalf("after death %+v %v", got, err)
		}
		if !slices.Equal(w.hooks.citizens, []string{c.ID}) {
			t.Fatalf("hooks told %v", w.hooks.citizens)
		}
		if _, ok, _ := s.Level2Account(ctx, c.ID); ok {
			t.Fatal("a revoked account is no level-2 account")
		}
		if _, err := s.Authenticate(ctx, eid.Credentials{Identifier: c.IDNumber, Password: goodPassword}); !errors.Is(err, eid.ErrWrongCredentials) {
			t.Fatalf("revoked account login: %v", err)
		}
	})
}
