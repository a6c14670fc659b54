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

// TestEIDAccountIssuedWithTheCard: a card handed over to a citizen with a
// phone on record issues a level-2 account waiting for the code sent
// there; the citizen sets the password when activating.
func TestEIDAccountIssuedWithTheCard(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		w := newEIDWorld(t, e)
		c := w.carded(t, 31, "1988-08-08", "0977000031")
		s := w.svc.EID
		acc, err := s.AccountOfCitizen(ctx, c.ID)
		if err != nil || acc.Level != eid.Level2 || acc.Status != eid.Pending || acc.HasPassword || acc.Phone != "0977000031" {
			t.Fatalf("account at hand-over %+v %v", acc, err)
		}
		if _, err := s.Activate(ctx, eid.Activation{Identifier: "0977000031", Code: w.code(t, acc.ID, eid.PurposeActivate)}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("activation without a password: %v", err)
		}
		if _, err := s.Activate(ctx, eid.Activation{Identifier: "0977000031", Code: w.code(t, acc.ID, eid.PurposeActivate), Password: goodPassword}); err != nil {
			t.Fatal(err)
		}
		if id, ok, err := s.Level2Account(ctx, c.ID); !ok || err != nil || id != acc.ID {
			t.Fatalf("Level2Account %v %v", ok, err)
		}
		// A child's card issues nothing: a guardian asks for the account.
		child := w.carded(t, 32, "2015-01-01", "0977000032")
		if _, err := s.AccountOfCitizen(ctx, child.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a child's hand-over made an account: %v", err)
		}
	})
}

// TestEIDMinorsThroughTheirGuardian: NĐ 69/2024 — a parent with an active
// account enrols a child of 6–13 with a card (face compared with the
// child's card photo) and a child under 6 (no photo on the card, level 1
// only); someone the register does not show as parent is refused; a
// child of 10 gets level 2 only at the desk with the guardian present.
func TestEIDMinorsThroughTheirGuardian(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		w := newEIDWorld(t, e)
		s := w.svc.EID
		parent := w.carded(t, 41, "1985-02-02", "")
		w.enrolled(t, 41, parent, "0966000041")
		pp, err := s.Authenticate(ctx, eid.Credentials{Identifier: "0966000041", Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		stranger := w.carded(t, 42, "1986-02-02", "")
		w.enrolled(t, 42, stranger, "0966000042")
		sp, err := s.Authenticate(ctx, eid.Credentials{Identifier: "0966000042", Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		withParent := func(c registry.Citizen) registry.Citizen {
			c, err := w.svc.Register.Update(ctx, c.ID, 0, func(c *registry.Citizen) error {
				c.Father = registry.PersonRef{Name: parent.FullName, IDNumber: parent.IDNumber}
				return nil
			}, officer)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		kid := withParent(w.carded(t, 43, "2016-03-03", ""))
		in := eid.MinorEnrolment{IDNumber: kid.IDNumber, Photo: photoOf(43), Password: goodPassword}
		if _, err := s.EnrolMinor(ctx, sp, in); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a stranger enrolled the child: %v", err)
		}
		if _, err := s.EnrolMinor(ctx, pp, eid.MinorEnrolment{IDNumber: kid.IDNumber, Photo: photoOf(41), Password: goodPassword}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("the parent's face passed for the child's: %v", err)
		}
		acc, err := s.EnrolMinor(ctx, pp, in)
		if err != nil || acc.Level != 1 || acc.Status != eid.Active || acc.GuardianID != parent.ID {
			t.Fatalf("child's account %+v %v", acc, err)
		}
		wards, err := s.Wards(ctx, pp)
		if err != nil || len(wards) != 1 || wards[0].CitizenID != kid.ID {
			t.Fatalf("wards %+v %v", wards, err)
		}
		// Level 2 at the desk: only with the parent present.
		desk := eid.DeskVerification{CardNumber: kid.IDNumber, Photo: photoOf(43), Fingerprints: map[string][]byte{"right_index": printOf(43)}}
		if _, err := s.VerifyAtDesk(ctx, xaThanhSen, desk, citizenTrail()); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("a child verified without a guardian: %v", err)
		}
		desk.GuardianIDNumber = parent.IDNumber
		if got, err := s.VerifyAtDesk(ctx, xaThanhSen, desk, citizenTrail()); err != nil || got.Level != 2 {
			t.Fatalf("child at the desk %+v %v", got, err)
		}

		baby := withParent(w.carded(t, 44, "2022-04-04", ""))
		acc, err = s.EnrolMinor(ctx, pp, eid.MinorEnrolment{IDNumber: baby.IDNumber, Password: goodPassword})
		if err != nil || acc.Level != 1 {
			t.Fatalf("under-6 account %+v %v", acc, err)
		}
		if _, err := s.VerifyAtDesk(ctx, xaThanhSen, eid.DeskVerification{CardNumber: baby.IDNumber, Photo: photoOf(44),
			Fingerprints: map[string][]byte{"right_index": printOf(44)}, GuardianIDNumber: parent.IDNumber}, citizenTrail()); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("an under-6 got level 2: %v", err)
		}
	})
}
