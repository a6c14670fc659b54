package portal_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"dancu/internal/blobstore"
	"dancu/internal/cli"
	"dancu/internal/credential"
	"dancu/internal/eid"
	"dancu/internal/idp"
	"dancu/internal/issuance"
	"dancu/internal/pki"
	"dancu/internal/registry"
	"dancu/internal/selfservice"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
	"dancu/internal/web/idpweb"
	"dancu/internal/web/portal"
	"dancu/internal/wire"
)

// demo is the demo register (`dancu demo --no-serve`, 3,000 people of
// Hà Tĩnh with their card campaign) served by the portal, for the browser
// tests; built once per test binary.
type demo struct {
	db       *sqlstore.DB
	svc      *wire.Services
	sessions *portal.Sessions
	srv      *httptest.Server
	base     string // the server's URL on localhost (Secure cookies)
	// account and password are a level-2 VNeID account the demo made;
	// accounts are all of them, in the order the demo printed them.
	account, password string
	accounts          []demoLogin
	holder            registry.Citizen // a citizen holding an active card
	self              *selfservice.Service
}

var (
	demoOnce sync.Once
	demoFix  *demo
	demoErr  string
	demoDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if demoFix != nil {
		demoFix.srv.Close()
		demoFix.db.Close()
	}
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

func getDemo(t *testing.T) *demo {
	t.Helper()
	demoOnce.Do(func() {
		d, err := buildDemo()
		if err != nil {
			demoErr = err.Error()
			return
		}
		demoFix = d
	})
	if demoFix == nil {
		t.Fatalf("demo fixture: %s", demoErr)
	}
	return demoFix
}

func buildDemo() (*demo, error) {
	dir, err := os.MkdirTemp("", "dancu-portal-test-")
	if err != nil {
		return nil, err
	}
	demoDir = dir
	dsn := "sqlite:" + filepath.Join(dir, "portal.db")
	var out bytes.Buffer
	if code := cli.Main([]string{"demo", "--no-serve", "--people", "3000", "--db", dsn,
		"--data", filepath.Join(dir, "data"), "--keys", filepath.Join(dir, "keys"),
		"--pki", filepath.Join(dir, "pki"), "--blobs", filepath.Join(dir, "blobs"),
		"--blob-key-file", filepath.Join(dir, "blobs.key"), "--log-level", "error"}, &out, &out); code != 0 {
		return nil, &fixtureError{"dancu demo: " + out.String()}
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Units: units.Default()})
	if err != nil {
		return nil, err
	}
	key, err := blobstore.LoadKey(filepath.Join(dir, "blobs.key"))
	if err != nil {
		return nil, err
	}
	blobs, err := blobstore.New(filepath.Join(dir, "blobs"), key)
	if err != nil {
		return nil, err
	}
	// A credential issuer key under a fresh PKI, for the căn cước điện tử.
	authority, err := pki.Init(pki.DirStore{Dir: filepath.Join(dir, "credpki")}, []byte("portal test passphrase"), pki.DefaultConfig(),
		pki.KDFParams{Time: 1, Memory: 8 * 1024, Threads: 1}, time.Now().Add(-time.Hour))
	if err != nil {
		return nil, err
	}
	if _, err := authority.RotateCredentialIssuer(time.Now().Add(-time.Hour)); err != nil {
		return nil, err
	}
	// The server's address is needed before the services: it is the
	// passkeys' origin. Chromium keeps Secure cookies from
	// http://localhost, not from a bare http://127.0.0.1.
	mux := http.NewServeMux()
	srv := httptest.NewUnstartedServer(mux)
	base := "http://localhost:" + strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port)
	ring, err := idp.OpenKeyRing(filepath.Join(dir, "oidc"), time.Now())
	if err != nil {
		return nil, err
	}
	svc := wire.New(db, wire.Config{Blobs: blobs, OIDC: wire.OIDCConfig{Keys: ring},
		EID:         wire.EIDConfig{Passkeys: eid.PasskeyConfig{RPID: "localhost", RPDisplayName: "VNeID", Origins: []string{base}}},
		Credentials: wire.CredentialConfig{Keys: credential.PKIKeys{Authority: authority}, Issuer: "https://dancu.example"}})
	cards, err := svc.Issuance.Cards(ctx, issuance.CardActive, 1)
	if err != nil || len(cards) == 0 {
		return nil, &fixtureError{"the demo produced no active card"}
	}
	holder, err := db.Citizens().Citizen(ctx, cards[0].CitizenID)
	if err != nil {
		return nil, err
	}
	svc.Credentials.SetEligibility(level2{holder.ID: true}) // the VNeID accounts (internal/eid) stand-in
	d := &demo{db: db, svc: svc, sessions: portal.NewSessions(portal.SessionConfig{}), holder: holder}
	d.self = wire.SelfService(svc, logRecorder{db.AuditLog()})
	// The portal logs in through the server's own provider, as serve
	// mounts it: the provider at the discovery path and /oidc/, the
	// portal registered as its relying party for this server's address.
	d.srv, d.base = srv, base
	op, err := idpweb.New(idpweb.Config{Service: svc.OIDC, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	client, secret, err := svc.OIDC.CreateClient(ctx, idp.Client{ID: "dancu-portal-test", Name: "Cổng dịch vụ công dân",
		LegalBasis: "NĐ 69/2024", RedirectURIs: []string{d.base + "/portal/callback"},
		PostLogoutURIs: []string{d.base + "/portal/login"}, Scopes: []string{"openid", "profile", "id_number"},
		AuthMethod: idp.AuthSecretBasic})
	if err != nil {
		return nil, err
	}
	login, err := portal.NewOIDCLogin(portal.OIDCConfig{ClientID: client.ID, ClientSecret: secret, Transport: portal.InProcess(op),
		Identify: d.self.Identify})
	if err != nil {
		return nil, err
	}
	h, err := portal.New(portal.Config{Self: d.self, Procedures: svc.Procedures, Units: svc.Units, Sessions: d.sessions, Login: login,
		Passkeys: svc.EID})
	if err != nil {
		return nil, err
	}
	mux.Handle(portal.Prefix+"/", h)
	mux.Handle(idpweb.PathDiscovery, op)
	mux.Handle("/oidc/", op)
	d.srv.Start()
	if m := demoAccount.FindStringSubmatch(out.String()); m != nil {
		d.account, d.password = m[1], m[2]
	}
	for _, m := range demoAccounts.FindAllStringSubmatch(out.String(), -1) {
		d.accounts = append(d.accounts, demoLogin{level: int(m[1][0] - '0'), idNumber: m[2], password: m[3]})
	}
	return d, nil
}

// demoLogin is a VNeID account the demo printed.
type demoLogin struct {
	level              int
	idNumber, password string
}

// demoAccount finds a level-2 account in the demo's printout;
// demoAccounts finds every account.
var (
	demoAccount  = regexp.MustCompile(`level 2\s+(\d{12})\s.*password (\S+)`)
	demoAccounts = regexp.MustCompile(`level ([12])\s+(\d{12})\s.*password (\S+)`)
)

// nthAccount is the n-th (from 0) demo account at level.
func (d *demo) nthAccount(t *testing.T, level, n int) demoLogin {
	t.Helper()
	for _, a := range d.accounts {
		if a.level == level {
			if n == 0 {
				return a
			}
			n--
		}
	}
	t.Fatalf("the demo printed too few level-%d VNeID accounts: %+v", level, d.accounts)
	return demoLogin{}
}

// level2 says which citizens hold a level-2 VNeID account.
type level2 map[string]bool

func (l level2) Level2Account(_ context.Context, id string) (string, bool, error) {
	return "acct-" + id, l[id], nil
}

type fixtureError struct{ msg string }

func (e *fixtureError) Error() string { return e.msg }
