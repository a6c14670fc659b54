package sqlstore_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"path/filepath"
	"testing"
	"time"

	"dancu/internal/eid"
	"dancu/internal/idp"
	"dancu/internal/wire"
)

// TestOIDCTokensDieWithTheAccount: userinfo checks revocations in memory
// (internal/idp/revocations.go), so an account suspended through the eid
// service must revoke its tokens in the suspension's transaction, on the
// server that suspended it at once and on another server within the
// refresh interval; a new login after reinstatement works while the old
// token stays dead.
func TestOIDCTokensDieWithTheAccount(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ring, err := idp.OpenKeyRing(filepath.Join(t.TempDir(), "oidc"), e.clock.now())
		if err != nil {
			t.Fatal(err)
		}
		w := newEIDWorldWith(t, e, wire.OIDCConfig{Keys: ring, Now: e.clock.now})
		// A second server on the same database, with its own memory.
		other := wire.New(e.db, wire.Config{Blobs: w.blobs, OIDC: wire.OIDCConfig{Keys: ring, Now: e.clock.now}}).OIDC
		c := w.carded(t, 1, "1990-03-04", "")
		acc, err := w.svc.EID.Enrol(ctx, eid.SelfEnrolment{IDNumber: c.IDNumber, FullName: c.FullName, BirthDate: c.BirthDate,
			Phone: "0912 345 678", Photo: photoOf(1), Password: goodPassword}, citizenTrail())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.EID.Activate(ctx, eid.Activation{Identifier: "0912345678", Code: w.code(t, acc.ID, eid.PurposeActivate)}); err != nil {
			t.Fatal(err)
		}
		op := w.svc.OIDC
		rp, _, err := op.CreateClient(ctx, idp.Client{ID: "bank-a", Name: "Ngân hàng A", LegalBasis: "test",
			RedirectURIs: []string{"https://bank-a.example/cb"}, Scopes: []string{"openid", "profile"}, AuthMethod: idp.AuthSecretBasic})
		if err != nil {
			t.Fatal(err)
		}
		type code struct{ code, verifier string }
		authorize := func() code {
			t.Helper()
			v := make([]byte, 32)
			rand.Read(v)
			verifier := base64.RawURLEncoding.EncodeToString(v)
			sum := sha256.Sum256([]byte(verifier))
			req, err := op.Start(ctx, rp, idp.AuthRequest{RedirectURI: rp.RedirectURIs[0], Scopes: rp.Scopes,
				CodeChallenge: base64.RawURLEncoding.EncodeToString(sum[:])})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := op.Login(ctx, req.ID, c.IDNumber, goodPassword); err != nil {
				t.Fatal(err)
			}
			c, _, err := op.IssueCode(ctx, req.ID)
			if err != nil {
				t.Fatal(err)
			}
			return code{c, verifier}
		}
		redeem := func(c code) (string, error) {
			ts, err := op.Redeem(ctx, idp.Exchange{Client: rp, Code: c.code, RedirectURI: rp.RedirectURIs[0], CodeVerifier: c.verifier, Issuer: "https://id.example"})
			return ts.AccessToken, err
		}
		login := func() string {
			t.Helper()
			token, err := redeem(authorize())
			if err != nil {
				t.Fatal(err)
			}
			return token
		}
		userinfo := func(s *idp.Service, token string) error {
			_, err := s.UserInfo(ctx, token, "Bearer", "")
			return err
		}
		refused := func(err error) bool {
			pe, ok := err.(*idp.Error)
			return ok && pe.Code == idp.ErrInvalidToken
		}

		token := login()
		pending := authorize() // logged in, its code not yet redeemed
		for name, s := range map[string]*idp.Service{"this server": op, "another server": other} {
			if err := userinfo(s, token); err != nil {
				t.Fatalf("%s: userinfo before the suspension: %v", name, err)
			}
		}
		e.clock.advance(time.Second)
		if _, err := w.svc.EID.Suspend(ctx, xaThanhSen, acc.ID, "lost phone", citizenTrail()); err != nil {
			t.Fatal(err)
		}
		if err := userinfo(op, token); !refused(err) {
			t.Fatalf("this server: userinfo after the suspension: %v", err)
		}
		if _, err := redeem(pending); err == nil || err.(*idp.Error).Code != idp.ErrInvalidGrant {
			t.Fatalf("a code of a login before the suspension: %v", err)
		}
		e.clock.advance(1500 * time.Millisecond) // past the other server's refresh interval
		if err := userinfo(other, token); !refused(err) {
			t.Fatalf("another server: userinfo after the suspension: %v", err)
		}

		e.clock.advance(time.Second)
		if _, err := w.svc.EID.Reinstate(ctx, xaThanhSen, acc.ID, citizenTrail()); err != nil {
			t.Fatal(err)
		}
		fresh := login()
		for name, s := range map[string]*idp.Service{"this server": op, "another server": other} {
			if err := userinfo(s, fresh); err != nil {
				t.Fatalf("%s: userinfo after reinstatement: %v", name, err)
			}
			if err := userinfo(s, token); !refused(err) {
				t.Fatalf("%s: the token from before the suspension: %v", name, err)
			}
		}
	})
}
