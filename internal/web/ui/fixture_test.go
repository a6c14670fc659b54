package ui_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"dancu/internal/auth"
	"dancu/internal/blobstore"
	"dancu/internal/cli"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
	"dancu/internal/web/api"
	"dancu/internal/web/ui"
)

// password is every fixture account's password.
const password = "fixture-password-1"

// fixture is one demo register (a few thousand people of province 42, the
// demo's officer accounts and card campaign) shared by the package's
// tests, served by the real UI handler on 127.0.0.1.
type fixture struct {
	db    *sqlstore.DB
	auth  *auth.Service
	audit *recorder
	srv   *httptest.Server
}

var (
	fixOnce sync.Once
	fix     *fixture
	fixErr  string
	fixDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fix != nil {
		fix.srv.Close()
		fix.db.Close()
	}
	if fixDir != "" {
		os.RemoveAll(fixDir)
	}
	os.Exit(code)
}

// getFixture builds the register on first use: `dancu demo --no-serve`
// with 3,000 people (about 15 s), then fixed passwords.
func getFixture(t testing.TB) *fixture {
	t.Helper()
	fixOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dancu-ui-test-")
		if err != nil {
			fixErr = err.Error()
			return
		}
		fixDir = dir
		dsn := "sqlite:" + filepath.Join(dir, "ui.db")
		var out, errOut bytes.Buffer
		if code := cli.Main([]string{"demo", "--no-serve", "--people", "3000", "--db", dsn,
			"--data", filepath.Join(dir, "data"), "--keys", filepath.Join(dir, "keys"),
			"--pki", filepath.Join(dir, "pki"), "--blobs", filepath.Join(dir, "blobs"),
			"--blob-key-file", filepath.Join(dir, "blobs.key"), "--log-level", "error"}, &out, &errOut); code != 0 {
			fixErr = "dancu demo: " + out.String() + errOut.String()
			return
		}
		ctx := context.Background()
		db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Units: units.Default()})
		if err != nil {
			fixErr = err.Error()
			return
		}
		svc := auth.NewService(auth.Config{Store: db.Users(), Units: units.Default(), Params: auth.Params{Time: 1, Memory: 8 * 1024, Threads: 1},
			IdleTimeout: 30 * time.Minute, SessionCacheTTL: -1})
		for _, u := range []string{"admin", "bo.congan", "tinh42", "xa18073"} {
			if err := svc.ResetPassword(ctx, u, password); err != nil {
				fixErr = err.Error()
				return
			}
		}
		key, err := blobstore.LoadKey(filepath.Join(dir, "blobs.key"))
		if err != nil {
			fixErr = err.Error()
			return
		}
		blobs, err := blobstore.New(filepath.Join(dir, "blobs"), key)
		if err != nil {
			fixErr = err.Error()
			return
		}
		rec := &recorder{}
		h, err := ui.New(withServices(db, ui.Config{Auth: svc, Auditor: rec, Blobs: blobs}))
		if err != nil {
			fixErr = err.Error()
			return
		}
		fix = &fixture{db: db, auth: svc, audit: rec, srv: httptest.NewServer(h)}
	})
	if fix == nil {
		t.Fatalf("fixture: %s", fixErr)
	}
	return fix
}

// recorder is an Auditor that keeps the entries.
type recorder struct {
	mu      sync.Mutex
	entries []api.AuditEntry
}

func (r *recorder) Record(_ context.Context, e api.AuditEntry) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = append(r.entries, e)
	return nil
}

func (r *recorder) has(action, citizenID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.entries {
		if e.Action != action {
			continue
		}
		for _, id := range e.CitizenIDs {
			if id == citizenID {
				return true
			}
		}
	}
	return false
}
