package portal_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/blobstore"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
	"dancu/internal/web/portal"
	"dancu/internal/wire"
)

// small is a register of two citizens of Phường Thành Sen (18073) served
// by the portal on 127.0.0.1, with sessions made directly (the login's
// seam), for the HTTP tests.
type small struct {
	svc      *wire.Services
	sessions *portal.Sessions
	srv      *httptest.Server
	hung     registry.Citizen // level 2
	lan      registry.Citizen // another citizen
}

// logRecorder records disclosures into the audit log, where the tracker
// reads them.
type logRecorder struct{ st audit.Store }

func (r logRecorder) Record(ctx context.Context, e audit.Entry) error {
	return audit.AppendWithin(ctx, r.st, e)
}

func newSmall(t *testing.T) *small {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "p.db"), sqlstore.Options{Units: units.Default()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	blobs, err := blobstore.New(t.TempDir(), make([]byte, blobstore.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	svc := wire.New(db, wire.Config{Blobs: blobs})
	meta := registry.ChangeMeta{Actor: "test", Reason: "DC01 collection"}
	mk := func(id, number, name string) registry.Citizen {
		c, err := svc.Register.Create(ctx, registry.Citizen{ID: id, IDNumber: number, FullName: name,
			BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, Status: registry.Alive, Ethnicity: "01", Nationality: "VN",
			Permanent:    registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"},
			HouseholdRef: "HT-001", RelationToHead: "head", Phone: "0987654321"}, meta)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	s := &small{svc: svc, sessions: portal.NewSessions(portal.SessionConfig{})}
	s.hung = mk("0190a000-0000-7000-8000-000000000001", "042090000123", "Nguyễn Văn Hùng")
	s.lan = mk("0190a000-0000-7000-8000-000000000002", "042090000456", "Trần Thị Lan")
	h, err := portal.New(portal.Config{Self: wire.SelfService(svc, logRecorder{db.AuditLog()}), Procedures: svc.Procedures,
		Units: svc.Units, Sessions: s.sessions})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(portal.Prefix+"/", h)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

// client is a browser-like client logged in as citizen c at level.
func (s *small) client(t *testing.T, c registry.Citizen, level int) *http.Client {
	t.Helper()
	tok, err := s.sessions.Create(portal.Session{CitizenID: c.ID, AccountID: "acct-" + c.IDNumber, Level: level, Name: c.FullName})
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(s.srv.URL + portal.Prefix + "/")
	// The cookie is Secure; the jar sends it over http to 127.0.0.1 only
	// if it is set without the flag, as a browser would for localhost.
	jar.SetCookies(u, []*http.Cookie{{Name: "dancu_portal", Value: tok, Path: portal.Prefix + "/"}})
	return &http.Client{Jar: jar, Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

func auditEntry() audit.Entry { return audit.Entry{RequestID: "test"} }
