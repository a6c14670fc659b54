package sqlstore_test

import (
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/credential"
	"dancu/internal/eid"
	"dancu/internal/issuance"
	"dancu/internal/registry"
)

// TestCredentialFollowsTheAccount drives the real VNeID accounts and card
// workflow: the căn cước điện tử is issued when an account becomes a
// usable level-2 account (desk verification, activation of the account
// issued at the card's hand-over, reinstatement), re-issued when a claim
// changes, and revoked in the status list when the card or the account
// is withdrawn.
func TestCredentialFollowsTheAccount(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		w := newEIDWorldIssuing(t, e, credentialIssuer(t))
		s, creds := w.svc.EID, w.svc.Credentials
		current := func(c registry.Citizen) (credential.Credential, bool) {
			t.Helper()
			cur, err := e.db.Credentials().CurrentCredential(ctx, c.ID)
			if apperr.Is(err, apperr.NotFound) {
				return cur, false
			}
			if err != nil {
				t.Fatal(err)
			}
			return cur, true
		}
		listed := func(idx int) byte {
			t.Helper()
			tok, err := creds.StatusListToken(ctx)
			if err != nil {
				t.Fatal(err)
			}
			md, _ := creds.Metadata()
			l, err := credential.ParseStatusList(tok, creds.StatusListURI(), md.JWKS, e.clock.t)
			if err != nil {
				t.Fatal(err)
			}
			st, err := l.Get(idx)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		ended := func(what string, prev credential.Credential, state credential.State) {
			t.Helper()
			old, err := e.db.Credentials().CredentialByStatusIndex(ctx, prev.StatusIndex)
			if err != nil || old.State != state {
				t.Errorf("%s: the credential is %s (%v), want %s", what, old.State, err, state)
			}
			if listed(prev.StatusIndex) == 0 {
				t.Errorf("%s: index %d is still valid in the status list", what, prev.StatusIndex)
			}
		}

		// Desk verification raises a level-1 account: issued at once.
		an := w.carded(t, 41, "1984-04-04", "")
		acc := w.enrolled(t, 41, an, "0987000041")
		if _, ok := current(an); ok {
			t.Fatal("a level-1 account has a căn cước điện tử")
		}
		if _, err := s.VerifyAtDesk(ctx, xaThanhSen, eid.DeskVerification{CardNumber: an.IDNumber, Photo: photoOf(41),
			Fingerprints: map[string][]byte{"right_index": printOf(41)}}, citizenTrail()); err != nil {
			t.Fatal(err)
		}
		first, ok := current(an)
		cards, _ := e.db.Issuance().CardsByNumber(ctx, an.IDNumber)
		if !ok || len(cards) == 0 || first.ApplicationID != cards[0].ApplicationID || listed(first.StatusIndex) != 0 {
			t.Fatalf("after the desk verification: %+v (%v), want a valid credential on card %+v", first, ok, cards)
		}

		// A claim changes: re-issued, the old one superseded.
		if _, err := w.svc.Register.Update(ctx, an.ID, 0, func(c *registry.Citizen) error {
			c.Permanent.Address = "Số 9 đường Phan Đình Phùng"
			return nil
		}, officer); err != nil {
			t.Fatal(err)
		}
		second, ok := current(an)
		if !ok || second.ID == first.ID {
			t.Fatalf("after a claim changed: %+v, want a new credential", second)
		}
		ended("claim changed", first, credential.Superseded)

		// Suspended: revoked; reinstated: issued again.
		if _, err := s.Suspend(ctx, xaThanhSen, acc.ID, "nghi bị chiếm đoạt", citizenTrail()); err != nil {
			t.Fatal(err)
		}
		if _, ok := current(an); ok {
			t.Error("a suspended account's credential is active")
		}
		ended("suspended", second, credential.Revoked)
		if _, err := s.Reinstate(ctx, xaThanhSen, acc.ID, citizenTrail()); err != nil {
			t.Fatal(err)
		}
		third, ok := current(an)
		if !ok || third.ID == second.ID {
			t.Fatalf("after the reinstatement: %+v (%v), want a new credential", third, ok)
		}

		// The card is lost: revoked.
		if _, err := w.svc.Issuance.Revoke(ctx, xaThanhSen, an.IDNumber, issuance.RevokedLost); err != nil {
			t.Fatal(err)
		}
		if _, ok := current(an); ok {
			t.Error("a lost card's credential is active")
		}
		ended("card lost", third, credential.Revoked)

		// The account issued at the hand-over: nothing until it is
		// activated, then issued; revoking the account revokes it.
		binh := w.carded(t, 42, "1990-09-09", "0977000042")
		acc2, err := s.AccountOfCitizen(ctx, binh.ID)
		if err != nil || acc2.Status != eid.Pending || acc2.Level != eid.Level2 {
			t.Fatalf("account at the hand-over: %+v %v", acc2, err)
		}
		if _, ok := current(binh); ok {
			t.Error("a pending account has a credential")
		}
		if _, err := s.Activate(ctx, eid.Activation{Identifier: "0977000042", Code: w.code(t, acc2.ID, eid.PurposeActivate),
			Password: goodPassword}); err != nil {
			t.Fatal(err)
		}
		issued, ok := current(binh)
		if !ok {
			t.Fatal("the activated level-2 account has no credential")
		}
		if _, err := s.Revoke(ctx, xaThanhSen, acc2.ID, "cấp nhầm", citizenTrail()); err != nil {
			t.Fatal(err)
		}
		ended("account revoked", issued, credential.Revoked)

		// Each issue and revocation is in the citizen's audit trail.
		for _, c := range []registry.Citizen{an, binh} {
			n := map[string]int{}
			recs, err := e.db.AuditLog().AuditEntries(ctx, audit.Filter{CitizenID: c.ID, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				n[r.Entry.Action]++
			}
			if n["credential.issue"] == 0 || n["credential.revoke"] == 0 {
				t.Errorf("audit of %s: %v, want credential.issue and credential.revoke", c.ID, n)
			}
		}
	})
}
