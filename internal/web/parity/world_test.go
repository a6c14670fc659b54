package parity_test

import (
	"bytes"
	"context"
	"dancu/internal/wire"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/pgtest"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
	"dancu/internal/web/api"
	"dancu/internal/web/ui"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var bg = context.Background()

const password = "mật khẩu thử nghiệm"

// world is one register served by both the API and the web application,
// wired as internal/cli wires them: one auth service, one review service,
// one auditor.
type world struct {
	t        *testing.T
	db       *sqlstore.DB
	auth     *auth.Service
	api, ui  http.Handler
	audit    *recorder
	now      func() time.Time
	users    map[string]auth.User
	tokens   map[string]string // username -> session/bearer token
	csrf     map[string]string // username -> the UI's CSRF token
	citizens map[string]registry.Citizen
}

// eachEngine runs body on SQLite and on PostgreSQL.
func eachEngine(t *testing.T, body func(t *testing.T, w *world)) {
	t.Helper()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := pgtest.DSN(t, engine, filepath.Join(t.TempDir(), "parity.db"))
			body(t, newWorld(t, dsn))
		})
	}
}

// Officers: the communes Thành Sen (18073) and Trần Phú (18100) of Hà
// Tĩnh (42), and the province.
var officers = []struct {
	name string
	role auth.Role
	unit string
}{
	{"xa.thanhsen", auth.RoleCommune, "18073"},
	{"xa.tranphu", auth.RoleCommune, "18100"},
	{"tinh.hatinh", auth.RoleProvince, "42"},
}

func newWorld(t *testing.T, dsn string) *world {
	t.Helper()
	now := func() time.Time { return time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC) } // 10:00 in Vietnam, a Monday
	cat := units.Default()
	db, err := sqlstore.Open(bg, dsn, sqlstore.Options{Now: now, Units: cat})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	quiet := slog.New(slog.DiscardHandler)
	svc := auth.NewService(auth.Config{Store: db.Users(), Units: cat, Now: now, Params: auth.Params{Memory: 64, Time: 1, Threads: 1},
		IdleTimeout: time.Hour, SessionCacheTTL: -1, Logger: quiet})
	w := &world{t: t, db: db, auth: svc, audit: &recorder{}, now: now, users: map[string]auth.User{}, tokens: map[string]string{}, csrf: map[string]string{},
		citizens: map[string]registry.Citizen{}}
	// The services are built once, as the program builds them, and both
	// layers receive the same ones.
	s := wire.New(db, wire.Config{Logger: quiet, Auth: svc})
	w.api = api.New(api.Config{Register: s.Register, Auth: svc, Issuance: s.Issuance, Quality: db.Quality(), Review: s.Review,
		AuditLog: db.AuditLog(), CitizenTokens: db.AuditLog(), Units: cat, Logger: quiet, Metrics: prometheus.NewRegistry(), Version: "test", Auditor: w.audit,
		Procedures: s.Procedures, Residence: s.Residence, CivilStatus: s.CivilStatus, Self: wire.SelfService(s, w.audit)})
	if w.ui, err = ui.New(ui.Config{Register: s.Register, Auth: svc, Issuance: s.Issuance, Quality: db.Quality(), Review: s.Review,
		Share: s.Share, Chips: db.Issuance(), Units: cat, Auditor: w.audit, Logger: quiet, NoWarmUp: true,
		Procedures: s.Procedures, Residence: s.Residence}); err != nil {
		t.Fatal(err)
	}
	for _, o := range officers {
		if _, err := svc.CreateUser(bg, o.name, "Cán bộ "+o.name, o.role, o.unit, password); err != nil {
			t.Fatal(err)
		}
		token, u, err := svc.Login(bg, o.name, password, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		w.tokens[o.name], w.users[o.name] = token, u
	}
	thanhSen := registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}
	tranPhu := registry.Residence{Commune: "18100", Province: "42", Address: "Tổ 5"}
	for key, c := range map[string]registry.Citizen{
		"hung": {IDNumber: "042090000123", FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male,
			Permanent: thanhSen, HouseholdRef: "HT-001", Phone: "0912000001"},
		// A second form of Hùng, collected twice: the duplicate.
		"hung.form2": {IDNumber: "042090000124", FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male,
			Permanent: thanhSen, Phone: "0912000002"},
		"hoa": {IDNumber: "042190000456", FullName: "Trần Thị Hoa", BirthDate: pdate.Full(1992, 1, 2), Sex: registry.Female,
			Permanent: thanhSen, HouseholdRef: "HT-001"},
		// In the same household book, but registered in Trần Phú.
		"lan": {IDNumber: "042195000789", FullName: "Nguyễn Thị Lan", BirthDate: pdate.Full(1995, 8, 8), Sex: registry.Female,
			Permanent: tranPhu, HouseholdRef: "HT-001"},
		"minh": {IDNumber: "042088000321", FullName: "Phạm Văn Minh", BirthDate: pdate.Full(1988, 2, 2), Sex: registry.Male,
			Permanent: tranPhu},
	} {
		c.ID, c.Status, c.Ethnicity, c.Nationality = uuid.Must(uuid.NewV7()).String(), registry.Alive, "01", "VN"
		created, err := wire.Register(db).Create(bg, c, registry.ChangeMeta{Actor: "test", Reason: "seed"})
		if err != nil {
			t.Fatal(err)
		}
		w.citizens[key] = created
	}
	return w
}

// apiDo sends one JSON request to the API as user.
func (w *world) apiDo(method, path, user string, body any) *httptest.ResponseRecorder {
	w.t.Helper()
	var r io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			w.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	req.Header.Set("Authorization", "Bearer "+w.tokens[user])
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	w.api.ServeHTTP(rec, req)
	return rec
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// page sends one request to the web application in user's session; a
// form is posted with the session's CSRF token, as the browser would.
func (w *world) page(method, path, user string, form url.Values) *httptest.ResponseRecorder {
	w.t.Helper()
	var r io.Reader
	if form != nil {
		form.Set("_csrf", w.csrfOf(user))
		r = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, r)
	req.AddCookie(&http.Cookie{Name: "dancu_session", Value: w.tokens[user]})
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	w.ui.ServeHTTP(rec, req)
	return rec
}

func (w *world) csrfOf(user string) string {
	if tok, ok := w.csrf[user]; ok {
		return tok
	}
	rec := w.page("GET", "/citizens", user, nil)
	m := csrfField.FindStringSubmatch(rec.Body.String())
	if m == nil {
		w.t.Fatalf("no CSRF token on the search page for %s (%d)", user, rec.Code)
	}
	w.csrf[user] = m[1]
	return m[1]
}

// moveTo changes a citizen's permanent residence through the API, as the
// province officer registering the move.
func (w *world) moveTo(key, commune string) {
	w.t.Helper()
	cur := w.citizens[key]
	rec := w.apiDo("PATCH", "/api/v1/citizens/"+cur.ID, "tinh.hatinh", map[string]any{"reason": "Đăng ký thường trú mới, CT01 số 7/2026",
		"version": cur.Version, "changes": map[string]any{"permanent": map[string]any{"commune": commune, "address": "Số 9"}}})
	if rec.Code != http.StatusOK {
		w.t.Fatalf("move %s to %s: %d %s", key, commune, rec.Code, rec.Body)
	}
	var next registry.Citizen
	if err := json.Unmarshal(rec.Body.Bytes(), &next); err != nil {
		w.t.Fatal(err)
	}
	w.citizens[key] = next
}

// refused reports whether a status is a refusal that discloses nothing:
// 403 (outside jurisdiction) or 404.
func refused(code int) bool { return code == http.StatusForbidden || code == http.StatusNotFound }

// recorder is the auditor of both doors.
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

// named returns the citizens the entries of action by user disclosed,
// through one door ("ui" or "api"), sorted.
func (r *recorder) named(action, user, door string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ids []string
	for _, e := range r.entries {
		if e.Action == action && e.Username == user && strings.HasPrefix(e.Route, "UI ") == (door == "ui") {
			ids = append(ids, e.CitizenIDs...)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = nil
}
