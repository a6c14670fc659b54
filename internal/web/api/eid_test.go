package api

import (
	"net/http"
	"testing"

	"dancu/internal/auth"
	"dancu/internal/eid"
)

// TestEIDRoutes drives the VNeID routes over HTTP: a login answers a
// citizen token that reads the citizen's own account, wrong credentials
// and a suspended account are told apart by status, an officer outside
// the citizen's commune cannot suspend, and the activation figures follow
// the officer's jurisdiction.
func TestEIDRoutes(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		hung := e.citizens["hung"]
		hash, err := auth.NewHasher(1, nil).Hash(bg, testPassword, testParams)
		if err != nil {
			t.Fatal(err)
		}
		now := e.auth.Now()
		acc := eid.StoredAccount{Account: eid.Account{ID: "acc-hung", CitizenID: hung.ID, Level: 2, Status: eid.Active,
			Phone: "0912345678", CreatedAt: now, UpdatedAt: now, ActivatedAt: &now, Version: 1}, PasswordHash: hash}
		if err := e.db.EID().CreateAccount(bg, acc); err != nil {
			t.Fatal(err)
		}

		w := e.do("POST", "/api/v1/eid/login", "", map[string]string{"identifier": "0912345678", "password": "wrong password!"})
		wantStatus(t, w, http.StatusUnauthorized)
		w = e.do("POST", "/api/v1/eid/login", "", map[string]string{"identifier": hung.IDNumber, "password": testPassword, "device": "test phone"})
		wantStatus(t, w, http.StatusOK)
		login := decode[eidLoginResponse](t, w)
		if login.Level != 2 || len(login.Methods) != 1 || login.Methods[0] != "pwd" || login.Token == "" {
			t.Fatalf("login %+v", login)
		}
		e.tokens["citizen"] = login.Token
		w = e.do("GET", "/api/v1/eid/account", "citizen", nil)
		wantStatus(t, w, http.StatusOK)
		view := decode[eidAccountView](t, w)
		if view.Account.ID != "acc-hung" || len(view.Devices) != 1 || view.Devices[0].Label != "test phone" {
			t.Fatalf("account view %+v", view)
		}
		// A citizen token is not an officer session.
		wantStatus(t, e.do("GET", "/api/v1/eid/stats", "citizen", nil), http.StatusUnauthorized)

		w = e.do("GET", "/api/v1/eid/stats?unit=42", "tinh.hatinh", nil)
		wantStatus(t, w, http.StatusOK)
		st := decode[eid.Stats](t, w)
		if st.Total.Level2 != 1 || st.Total.Eligible != 3 {
			t.Fatalf("stats %+v", st.Total)
		}
		wantStatus(t, e.do("GET", "/api/v1/eid/stats?unit=42", "xa.thanhsen", nil), http.StatusForbidden)

		status := map[string]string{"action": "suspend", "reason": "phone reported stolen"}
		wantStatus(t, e.do("POST", "/api/v1/eid/accounts/acc-hung/status", "kiem.toan", status), http.StatusForbidden)
		wantStatus(t, e.do("POST", "/api/v1/eid/accounts/acc-hung/status", "xa.thanhsen", map[string]string{"action": "explode"}), http.StatusBadRequest)
		wantStatus(t, e.do("POST", "/api/v1/eid/accounts/acc-hung/status", "xa.thanhsen", status), http.StatusOK)
		w = e.do("POST", "/api/v1/eid/login", "", map[string]string{"identifier": hung.IDNumber, "password": testPassword})
		wantStatus(t, w, http.StatusForbidden)

		w = e.do("POST", "/api/v1/eid/enrolments", "", map[string]any{"id_number": "12", "full_name": "X", "birth_date": "1990", "phone": "0912000000", "photo": []byte("x"), "password": testPassword})
		wantStatus(t, w, http.StatusBadRequest)
	})
}
