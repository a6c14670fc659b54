package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/idp"
)

func TestOIDCStoreClientsConsentsTokens(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		st := e.db.OIDC()
		now := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
		c := idp.Client{ID: "bank-a", Name: "Bank A", LegalBasis: "NĐ 69/2024", RedirectURIs: []string{"https://bank.example/cb"},
			Scopes: []string{"openid", "profile"}, AuthMethod: idp.AuthPrivateKeyJWT, FAPI: true, Status: idp.ClientActive, CreatedAt: now}
		if err := st.CreateClient(ctx, c, ""); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateClient(ctx, c, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("duplicate client: %v, want conflict", err)
		}
		if err := st.AddClientKey(ctx, "bank-a", idp.ClientKey{KID: "k1", PEM: "pem", AddedAt: now}); err != nil {
			t.Fatal(err)
		}
		got, _, err := st.Client(ctx, "bank-a")
		if err != nil || !got.FAPI || len(got.Keys) != 1 || got.Keys[0].KID != "k1" || got.RedirectURIs[0] != c.RedirectURIs[0] {
			t.Fatalf("client read back: %+v, %v", got, err)
		}
		if err := st.SetClientStatus(ctx, "bank-a", idp.ClientRevoked); err != nil {
			t.Fatal(err)
		}
		if err := st.SetClientStatus(ctx, "nobody", idp.ClientRevoked); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unknown client: %v", err)
		}

		if err := st.PutConsent(ctx, idp.Consent{CitizenID: "c1", ClientID: "bank-a", Scopes: []string{"openid"}, GrantedAt: now}); err != nil {
			t.Fatal(err)
		}
		if err := st.PutConsent(ctx, idp.Consent{CitizenID: "c1", ClientID: "bank-a", Scopes: []string{"openid", "profile"}, GrantedAt: now}); err != nil {
			t.Fatal(err)
		}
		if err := st.WithdrawConsent(ctx, "c1", "bank-a", now); err != nil {
			t.Fatal(err)
		}
		list, err := st.Consents(ctx, "c1")
		if err != nil || len(list) != 1 || len(list[0].Scopes) != 2 || list[0].WithdrawnAt == nil {
			t.Fatalf("consents: %+v, %v", list, err)
		}

		tok := idp.Token{Hash: "h1", Kind: idp.KindAccess, GrantID: "g1", ClientID: "bank-a", CitizenID: "c1", AccountID: "a1",
			Scopes: []string{"openid"}, Level: 2, AuthTime: now, JKT: "jkt", IssuedAt: now, ExpiresAt: now.Add(time.Minute)}
		ref := tok
		ref.Hash, ref.Kind = "h2", idp.KindRefresh
		if err := st.PutTokens(ctx, tok, ref); err != nil {
			t.Fatal(err)
		}
		back, err := st.Token(ctx, "h1")
		if err != nil || back.JKT != "jkt" || back.Level != 2 || !back.Live(now) {
			t.Fatalf("token: %+v, %v", back, err)
		}
		if err := st.RevokeGrant(ctx, "g1", now); err != nil {
			t.Fatal(err)
		}
		if back, _ := st.Token(ctx, "h2"); back.Live(now) {
			t.Fatal("refresh token of a revoked grant is live")
		}
		if err := st.RevokeCitizenTokens(ctx, "c1", "bank-a", now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		other := ref
		other.Hash, other.GrantID, other.ClientID = "h3", "g3", "bank-b"
		if err := st.PutTokens(ctx, other); err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeAccountTokens(ctx, "c1", now.Add(2*time.Second)); err != nil {
			t.Fatal(err)
		}
		if back, _ := st.Token(ctx, "h3"); back.Live(now) {
			t.Fatal("refresh token of a withdrawn account is live")
		}
		revocations := func(since time.Time) map[string]time.Time {
			t.Helper()
			list, err := st.Revocations(ctx, since)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]time.Time{}
			for _, r := range list {
				m[r.Key] = r.At
			}
			return m
		}
		all := revocations(now.Add(-time.Minute))
		want := map[string]time.Time{idp.GrantRevocation("g1"): now, idp.CitizenClientRevocation("c1", "bank-a"): now.Add(time.Second),
			idp.AccountRevocation("c1"): now.Add(2 * time.Second)}
		if len(all) != len(want) {
			t.Fatalf("revocations: %v, want %v", all, want)
		}
		for k, at := range want {
			if !all[k].Equal(at) {
				t.Fatalf("revocation %s at %v, want %v", k, all[k], at)
			}
		}
		if later := revocations(now.Add(time.Second)); len(later) != 2 || !later[idp.AccountRevocation("c1")].Equal(now.Add(2*time.Second)) {
			t.Fatalf("revocations since the consent withdrawal: %v", later)
		}
		if _, err := st.Token(ctx, "nope"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unknown token: %v", err)
		}
	})
}
