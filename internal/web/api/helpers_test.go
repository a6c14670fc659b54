package api

import (
	"bytes"
	"context"
	"dancu/internal/wire"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/pgtest"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var bg = context.Background()

// Passwords of the test users; cheap argon2 costs keep logins fast.
const testPassword = "mật khẩu thử nghiệm"

var testParams = auth.Params{Memory: 64, Time: 1, Threads: 1}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// env is one API over one fresh database with seeded users and citizens.
type env struct {
	t        testing.TB
	h        http.Handler
	db       *sqlstore.DB
	auth     *auth.Service
	audit    *recordingAuditor
	logs     *syncBuffer
	tokens   map[string]string // username -> token
	citizens map[string]registry.Citizen
	clock    *clock
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type recordingAuditor struct {
	mu      sync.Mutex
	entries []AuditEntry
	fail    error
	// onRecord, when set, sees each entry as it is recorded.
	onRecord func(AuditEntry)
}

func (a *recordingAuditor) Record(_ context.Context, e AuditEntry) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fail != nil {
		return a.fail
	}
	a.entries = append(a.entries, e)
	if a.onRecord != nil {
		a.onRecord(e)
	}
	return nil
}

// count returns how many recorded entries match.
func (a *recordingAuditor) count(match func(AuditEntry) bool) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, e := range a.entries {
		if match(e) {
			n++
		}
	}
	return n
}

func (a *recordingAuditor) last() AuditEntry {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.entries) == 0 {
		return AuditEntry{}
	}
	return a.entries[len(a.entries)-1]
}

// eachEngine runs body on SQLite and on PostgreSQL.
func eachEngine(t *testing.T, body func(t *testing.T, e *env)) {
	t.Helper()
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			body(t, newEnv(t, dsnFor(t, name)))
		})
	}
}

func dsnFor(tb testing.TB, engine string) string {
	return pgtest.DSN(tb, engine, filepath.Join(tb.TempDir(), "api.db"))
}

func newEnv(tb testing.TB, dsn string) *env { return newEnvWatched(tb, dsn, nil) }

// newEnvWatched is newEnv whose officers' logins are counted by watch
// (nil: not counted).
func newEnvWatched(tb testing.TB, dsn string, watch auth.LoginWatch) *env {
	tb.Helper()
	c := &clock{t: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)}
	db, err := sqlstore.Open(bg, dsn, sqlstore.Options{Now: c.now})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	svc := auth.NewService(auth.Config{Store: db.Users(), Now: c.now, Params: testParams, Logger: logger, Watch: watch})
	e := &env{t: tb, db: db, auth: svc, audit: &recordingAuditor{}, logs: logs,
		tokens: map[string]string{}, citizens: map[string]registry.Citizen{}, clock: c}
	e.h = New(withServices(db, Config{Auth: svc, Logger: logger, Metrics: prometheus.NewRegistry(),
		Version: "test", Auditor: e.audit}))
	e.seed()
	return e
}

// Seeded officers: a commune officer of Thành Sen (18073, Hà Tĩnh 42), a
// province officer of Hà Tĩnh, an auditor and an admin.
var testUsers = []struct {
	name string
	role auth.Role
	unit string
}{
	{"xa.thanhsen", auth.RoleCommune, "18073"},
	{"tinh.hatinh", auth.RoleProvince, "42"},
	{"kiem.toan", auth.RoleAuditor, ""},
	{"quan.tri", auth.RoleAdmin, ""},
}

func (e *env) seed() {
	for _, u := range testUsers {
		if _, err := e.auth.CreateUser(bg, u.name, "Cán bộ "+u.name, u.role, u.unit, testPassword); err != nil {
			e.t.Fatal(err)
		}
		token, _, err := e.auth.Login(bg, u.name, testPassword, "192.0.2.1")
		if err != nil {
			e.t.Fatal(err)
		}
		e.tokens[u.name] = token
	}
	for key, c := range map[string]registry.Citizen{
		// In Thành Sen: the commune officer's own.
		"hung": {IDNumber: "042090000123", OldIDNumber: "183456789", FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15),
			Sex: registry.Male, Permanent: registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}, HouseholdRef: "HT-001"},
		"hoa": {IDNumber: "042190000456", FullName: "Trần Thị Hoa", BirthDate: pdate.Full(1992, 1, 2),
			Sex: registry.Female, Permanent: registry.Residence{Commune: "18073", Province: "42"}, HouseholdRef: "HT-001"},
		// In Trần Phú, the same province: not the commune officer's.
		"hung2": {IDNumber: "042090000789", FullName: "Nguyễn Văn Hưng", BirthDate: pdate.Full(1990, 7, 1),
			Sex: registry.Male, Permanent: registry.Residence{Commune: "18100", Province: "42"}, HouseholdRef: "HT-777"},
		// In Hà Nội.
		"an": {IDNumber: "001085000111", FullName: "Lê Văn An", BirthDate: pdate.Full(1985, 3, 3),
			Sex: registry.Male, Permanent: registry.Residence{Commune: "00004", Province: "01"}},
	} {
		c.ID, c.Status, c.Ethnicity, c.Nationality = uuid.Must(uuid.NewV7()).String(), registry.Alive, "01", "VN"
		created, err := wire.Register(e.db).Create(bg, c, registry.ChangeMeta{Actor: "test", Reason: "seed"})
		if err != nil {
			e.t.Fatal(err)
		}
		e.citizens[key] = created
	}
}

// do sends one request as user ("" for none) and returns the recorder.
func (e *env) do(method, path, user string, body any) *httptest.ResponseRecorder {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w
}

// decode reads a JSON response into v.
func decode[T any](tb testing.TB, w *httptest.ResponseRecorder) T {
	tb.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		tb.Fatalf("response %d is not JSON: %v\n%s", w.Code, err, w.Body)
	}
	return v
}

// wantStatus fails unless w has status.
func wantStatus(tb testing.TB, w *httptest.ResponseRecorder, status int) {
	tb.Helper()
	if w.Code != status {
		tb.Fatalf("status %d, want %d; body:\n%s", w.Code, status, w.Body)
	}
}

type httptestRecorder = httptest.ResponseRecorder

func newRequest(method, path, body string) *http.Request {
	var r io.Reader
	if body != "" && method != "GET" {
		r = strings.NewReader(body)
	}
	return httptest.NewRequest(method, path, r)
}

func serve(e *env, req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w
}

func asAppErr(err error, target **apperr.Error) bool { return errors.As(err, target) }

func discardLogger() *slog.Logger { return slog.New(slog.NewJSONHandler(io.Discard, nil)) }
