package idpweb_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/idp"
	"dancu/internal/pdate"
	"dancu/internal/pgtest"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/web/idpweb"
	"dancu/internal/wire"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var bg = context.Background()

// accounts is a test double of citizens' VNeID accounts.
type accounts struct {
	mu        sync.Mutex
	byID      map[string]account
	suspended map[string]bool
	// clock stamps the logins (default time.Now).
	clock func() time.Time
}

type account struct {
	password string
	p        idp.Principal
}

func (a *accounts) Authenticate(_ context.Context, identifier, password string) (idp.Principal, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	acc, ok := a.byID[identifier]
	if !ok || acc.password != password {
		return idp.Principal{}, apperr.New(apperr.Unauthenticated, "wrong identifier or password")
	}
	p := acc.p
	p.AuthTime = time.Now()
	if a.clock != nil {
		p.AuthTime = a.clock()
	}
	return p, nil
}

func (a *accounts) setClock(c func() time.Time) {
	a.mu.Lock()
	a.clock = c
	a.mu.Unlock()
}

func (a *accounts) Usable(_ context.Context, id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.suspended[id] {
		return idp.ErrAccountUnusable
	}
	return nil
}

func (a *accounts) suspend(id string) {
	a.mu.Lock()
	a.suspended[id] = true
	a.mu.Unlock()
}

// suspend suspends the account of login as internal/eid does: the account
// is no longer usable, and the provider learns it through the
// AccountWithdrawn hook in the same change (TestOIDCTokensDieWithTheAccount
// in internal/sqlstore runs the real eid service).
func (p *provider) suspend(login string) {
	p.t.Helper()
	p.accounts.suspend("acc-" + login)
	if err := p.svc.AccountWithdrawn(bg, p.citizens[login].ID); err != nil {
		p.t.Fatal(err)
	}
}

// provider is one provider over a fresh SQLite database, served over TLS.
type provider struct {
	t        *testing.T
	db       *sqlstore.DB
	svc      *idp.Service
	srv      *httptest.Server
	accounts *accounts
	citizens map[string]registry.Citizen // by account identifier
}

const password = "mật-khẩu-đủ-dài-2026"

func newProvider(t *testing.T) *provider {
	t.Helper()
	db, err := sqlstore.Open(bg, "sqlite:"+filepath.Join(t.TempDir(), "test.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ring, err := idp.OpenKeyRing(filepath.Join(t.TempDir(), "oidc"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p := &provider{t: t, db: db, accounts: &accounts{byID: map[string]account{}, suspended: map[string]bool{}}, citizens: map[string]registry.Citizen{}}
	svcs := wire.New(db, wire.Config{OIDC: wire.OIDCConfig{Keys: ring, Accounts: p.accounts}})
	p.svc = svcs.OIDC
	for _, c := range []struct {
		login string
		level int
		c     registry.Citizen
	}{
		{"042090000123", 2, registry.Citizen{IDNumber: "042090000123", FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male,
			Permanent: registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}, Email: "hung@example.vn"}},
		{"042190000456", 1, registry.Citizen{IDNumber: "042190000456", FullName: "Trần Thị Hoa", BirthDate: pdate.Full(1992, 1, 2), Sex: registry.Female,
			Permanent: registry.Residence{Commune: "18073", Province: "42"}}},
	} {
		rec := c.c
		rec.ID, rec.Status, rec.Nationality = uuid.Must(uuid.NewV7()).String(), registry.Alive, "VN"
		created, err := svcs.Register.Create(bg, rec, registry.ChangeMeta{Actor: "test", Reason: "seed"})
		if err != nil {
			t.Fatal(err)
		}
		p.citizens[c.login] = created
		p.accounts.byID[c.login] = account{password: password, p: idp.Principal{AccountID: "acc-" + c.login, CitizenID: created.ID, Level: c.level, Methods: []string{"pwd"}}}
	}
	h, err := idpweb.New(idpweb.Config{Service: p.svc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(idpweb.PathDiscovery, h)
	mux.Handle("/oidc/", h)
	mux.HandleFunc("/cb", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("callback")) })
	p.srv = httptest.NewTLSServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

// rp registers a relying party whose redirect URI is on the test server.
func (p *provider) rp(c idp.Client) (idp.Client, string) {
	p.t.Helper()
	if c.ID == "" {
		c.ID = "portal-test"
	}
	if c.Name == "" {
		c.Name = "Cổng thử nghiệm"
	}
	if c.LegalBasis == "" {
		c.LegalBasis = "Luật Căn cước 2023"
	}
	if c.RedirectURIs == nil {
		c.RedirectURIs = []string{p.srv.URL + "/cb"}
	}
	if c.AuthMethod == "" {
		c.AuthMethod = idp.AuthSecretBasic
	}
	if c.Scopes == nil {
		c.Scopes = []string{"openid", "profile", "id_number", "offline_access"}
	}
	created, secret, err := p.svc.CreateClient(bg, c)
	if err != nil {
		p.t.Fatal(err)
	}
	return created, secret
}

// browser is an HTTP client that keeps cookies and stops at the relying
// party's callback, like a browser driven by a test.
func (p *provider) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	c := p.srv.Client()
	c.Jar = jar
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Path == "/cb" {
			return http.ErrUseLastResponse
		}
		return nil
	}
	return c
}

var hiddenField = regexp.MustCompile(`name="(id|csrf)" value="([^"]*)"`)

// formFields reads the hidden id and csrf of a provider page.
func formFields(t *testing.T, body string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range hiddenField.FindAllStringSubmatch(body, -1) {
		v.Set(m[1], m[2])
	}
	if v.Get("id") == "" || v.Get("csrf") == "" {
		t.Fatalf("no form in page:\n%s", body)
	}
	return v
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// login drives the login and (if shown) consent pages from an
// authorization URL and returns the callback's query.
func (p *provider) login(b *http.Client, authURL, identifier string) url.Values {
	p.t.Helper()
	return p.loginURL(b, authURL, identifier).Query()
}

// loginURL is login returning the whole callback URL.
func (p *provider) loginURL(b *http.Client, authURL, identifier string) *url.URL {
	p.t.Helper()
	resp, err := b.Get(authURL)
	if err != nil {
		p.t.Fatal(err)
	}
	if resp.StatusCode == http.StatusSeeOther || resp.StatusCode == http.StatusFound {
		return callbackURL(p.t, resp)
	}
	page := readBody(p.t, resp)
	if !strings.Contains(page, `name="password"`) {
		p.t.Fatalf("authorize did not show the login page (%d):\n%s", resp.StatusCode, page)
	}
	form := formFields(p.t, page)
	form.Set("identifier", identifier)
	form.Set("password", password)
	resp, err = b.PostForm(p.srv.URL+idpweb.PathLogin, form)
	if err != nil {
		p.t.Fatal(err)
	}
	if resp.StatusCode == http.StatusSeeOther || resp.StatusCode == http.StatusFound {
		return callbackURL(p.t, resp)
	}
	page = readBody(p.t, resp)
	form = formFields(p.t, page)
	form.Set("decision", "approve")
	resp, err = b.PostForm(p.srv.URL+idpweb.PathConsent, form)
	if err != nil {
		p.t.Fatal(err)
	}
	return callbackURL(p.t, resp)
}

func callbackURL(t *testing.T, resp *http.Response) *url.URL {
	t.Helper()
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("no redirect (status %d)", resp.StatusCode)
	}
	if loc.Path != "/cb" {
		t.Fatalf("redirected to %s, not the callback", loc)
	}
	return loc
}

// pkce is a code verifier and its S256 challenge.
func pkce() (verifier, challenge string) {
	verifier = strings.Repeat("v", 20) + uuid.NewString()
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// auditActions lists the actions of the citizen's audit entries (their
// data tracker's source), oldest first.
func auditActions(t *testing.T, p *provider, citizenID string) []string {
	t.Helper()
	recs, err := p.db.AuditLog().AuditEntries(bg, audit.Filter{CitizenID: citizenID, WithoutConfidential: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(recs) - 1; i >= 0; i-- {
		out = append(out, recs[i].Entry.Action)
	}
	return out
}
