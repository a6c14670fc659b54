package portal_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/blobstore"
	"dancu/internal/idp"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
	"dancu/internal/web/idpweb"
	"dancu/internal/web/portal"
	"dancu/internal/wire"
)

// accounts is a test double of citizens' VNeID accounts (internal/eid).
type accounts map[string]idp.Principal

const accountPassword = "mật-khẩu-đủ-dài-2026"

func (a accounts) Authenticate(_ context.Context, identifier, password string) (idp.Principal, error) {
	p, ok := a[identifier]
	if !ok || password != accountPassword {
		return idp.Principal{}, apperr.New(apperr.Unauthenticated, "wrong identifier or password")
	}
	p.AuthTime = time.Now()
	return p, nil
}

func (a accounts) Usable(context.Context, string) error { return nil }

var hiddenField = regexp.MustCompile(`name="(id|csrf)" value="([^"]*)"`)

// TestLoginThroughOwnProvider logs a citizen in to the portal through
// dancu's own OpenID Connect provider: the portal's start redirects to the
// provider, the citizen logs in and consents there, the callback exchanges
// the code with PKCE, verifies the id_token through the JWKS, and opens a
// session with the account's level; a forged callback is refused.
func TestLoginThroughOwnProvider(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "p.db"), sqlstore.Options{Units: units.Default()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ring, err := idp.OpenKeyRing(filepath.Join(t.TempDir(), "oidc"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	blobs, _ := blobstore.New(t.TempDir(), make([]byte, blobstore.KeySize))
	acc := accounts{}
	svc := wire.New(db, wire.Config{Blobs: blobs, OIDC: wire.OIDCConfig{Keys: ring, Accounts: acc}})
	hung, err := svc.Register.Create(ctx, registry.Citizen{ID: "0190a000-0000-7000-8000-0000000000aa", IDNumber: "042090000123",
		FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, Status: registry.Alive,
		Permanent: registry.Residence{Commune: "18073", Province: "42"}}, registry.ChangeMeta{Actor: "test", Reason: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	acc["042090000123"] = idp.Principal{AccountID: "acc-1", CitizenID: hung.ID, Level: 2, Methods: []string{"pwd"}}

	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	op, err := idpweb.New(idpweb.Config{Service: svc.OIDC, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(idpweb.PathDiscovery, op)
	mux.Handle("/oidc/", op)
	srv := httptest.NewUnstartedServer(mux)
	srv.StartTLS()
	defer srv.Close()
	client, secret, err := svc.OIDC.CreateClient(ctx, idp.Client{ID: "dancu-portal-test", Name: "Cổng dịch vụ công dân",
		LegalBasis: "NĐ 69/2024", RedirectURIs: []string{srv.URL + "/portal/callback"}, Scopes: []string{"openid", "profile", "id_number"},
		AuthMethod: idp.AuthSecretBasic})
	if err != nil {
		t.Fatal(err)
	}
	self := wire.SelfService(svc, wire.TxRecorder{DB: db})
	login, err := portal.NewOIDCLogin(portal.OIDCConfig{ClientID: client.ID, ClientSecret: secret, Transport: portal.InProcess(op),
		Identify: self.Identify})
	if err != nil {
		t.Fatal(err)
	}
	h, err := portal.New(portal.Config{Self: self, Procedures: svc.Procedures, Units: svc.Units, Login: login, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle(portal.Prefix+"/", h)

	b := srv.Client()
	b.Jar, _ = cookiejar.New(nil)
	res, err := b.Get(srv.URL + "/portal/login/start")
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, res)
	if !strings.Contains(page, `name="password"`) {
		t.Fatalf("the start did not reach the provider's login page (%d): %.500s", res.StatusCode, page)
	}
	form := fields(t, page)
	form.Set("identifier", "042090000123")
	form.Set("password", accountPassword)
	res, err = b.PostForm(srv.URL+idpweb.PathLogin, form)
	if err != nil {
		t.Fatal(err)
	}
	form = fields(t, body(t, res))
	form.Set("decision", "approve")
	res, err = b.PostForm(srv.URL+idpweb.PathConsent, form)
	if err != nil {
		t.Fatal(err)
	}
	page = body(t, res)
	if res.Request.URL.Path != "/portal/" || !strings.Contains(page, "Xin chào, Nguyễn Văn Hùng") || !strings.Contains(page, "mức 2") {
		t.Fatalf("after the login: %s %.800s", res.Request.URL, page)
	}
	res, err = b.Get(srv.URL + "/portal/record")
	if err != nil {
		t.Fatal(err)
	}
	if page := body(t, res); !strings.Contains(page, "042090000123") {
		t.Fatalf("the record after login: %.500s", page)
	}

	// The portal itself is now a connected service; its consent is withdrawn.
	res, err = b.Get(srv.URL + "/portal/consents")
	if err != nil {
		t.Fatal(err)
	}
	page = body(t, res)
	m := csrfRe.FindStringSubmatch(page)
	if !strings.Contains(page, "Cổng dịch vụ công dân") || !strings.Contains(page, "Số định danh cá nhân") || m == nil {
		t.Fatalf("the consents page: %.1500s", page)
	}
	res, err = b.PostForm(srv.URL+"/portal/consents/withdraw", url.Values{"_csrf": {m[1]}, "client": {client.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if page := body(t, res); !strings.Contains(page, "Đã rút lại sự đồng ý") || !strings.Contains(page, "đã rút lại") {
		t.Fatalf("after withdrawing: %.1500s", page)
	}
	views, _ := svc.OIDC.Consents(ctx, hung.ID)
	if len(views) != 1 || views[0].WithdrawnAt == nil {
		t.Fatalf("the stored consent: %+v", views)
	}

	// A callback this browser did not start is refused.
	stranger := srv.Client()
	stranger.Jar, _ = cookiejar.New(nil)
	res, err = stranger.Get(srv.URL + "/portal/callback?" + url.Values{"code": {"x"}, "state": {"y"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if body(t, res); res.Request.URL.Path != "/portal/login" || res.Request.URL.Query().Get("failed") != "1" {
		t.Fatalf("a forged callback ended at %s", res.Request.URL)
	}
}

func fields(t *testing.T, page string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range hiddenField.FindAllStringSubmatch(page, -1) {
		v.Set(m[1], m[2])
	}
	if v.Get("id") == "" || v.Get("csrf") == "" {
		t.Fatalf("no provider form in:\n%.1000s", page)
	}
	return v
}
