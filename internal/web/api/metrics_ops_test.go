package api

import (
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"dancu/internal/audit"
	"dancu/internal/opsmetrics"
	"dancu/internal/share"
	"dancu/internal/wire"
)

// opsEnv is the API wired as `dancu serve` wires it for /metrics: the
// services count logins into ops, the audit log is a real chain writer,
// and the agencies' service is on.
type opsEnv struct {
	*env
	ops    *opsmetrics.Metrics
	writer *audit.Writer
	share  *share.Service
}

func newOpsEnv(t *testing.T, engine string) *opsEnv {
	var e *env
	ops := opsmetrics.New(func() time.Time { return e.clock.now() })
	e = newEnvWatched(t, dsnFor(t, engine), ops)
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: e.db.AuditLog(), Signer: audit.NewSigner(key)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	sh := share.NewService(share.Config{Store: e.db.Sharing(), Now: e.clock.now, Params: testParams, Watch: ops})
	svcs := wire.New(e.db, wire.Config{Logger: discardLogger(), Auth: e.auth, Watch: ops, EID: wire.EIDConfig{Params: testParams}})
	wire.WatchOps(ops, svcs, w)
	e.h = New(withWired(svcs, Config{Auth: e.auth, Logger: discardLogger(), Metrics: ops.Registry(), Version: "test",
		Auditor: w, Share: sh}))
	return &opsEnv{env: e, ops: ops, writer: w, share: sh}
}

// scrape reads GET /metrics as Prometheus does, in its text format.
func (o *opsEnv) scrape() map[string]*dto.MetricFamily {
	o.t.Helper()
	w := serve(o.env, httptest.NewRequest("GET", "/metrics", nil))
	wantStatus(o.t, w, 200)
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(w.Body)
	if err != nil {
		o.t.Fatalf("/metrics is not Prometheus text: %v", err)
	}
	return fams
}

// value is the sample of family name whose label has that value; found
// is false when there is none.
func value(fams map[string]*dto.MetricFamily, name, label, want string) (v float64, found bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == label && l.GetValue() == want {
				switch {
				case m.Counter != nil:
					return m.Counter.GetValue(), true
				case m.Gauge != nil:
					return m.Gauge.GetValue(), true
				}
			}
		}
	}
	return 0, false
}

func (o *opsEnv) want(name, label, lv string, want float64) {
	o.t.Helper()
	got, ok := value(o.scrape(), name, label, lv)
	if !ok || got != want {
		o.t.Errorf("%s{%s=%q} = %v (present %v), want %v", name, label, lv, got, ok, want)
	}
}

// TestMetricsMoveWithOperatorsEvents causes each event the runbook tells
// operators to watch, through the API, and scrapes /metrics after each.
func TestMetricsMoveWithOperatorsEvents(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			o := newOpsEnv(t, engine)
			t.Run("officer", o.officerLogins)
			t.Run("citizen", o.citizenLogins)
			t.Run("oauth_client", o.clientLogins)
			t.Run("agency", o.agencyLimit)
			t.Run("audit_queue", o.auditQueue)
			t.Run("overdue", o.overdueDossiers) // last: it moves the clock past the sessions' lifetime
		})
	}
}

func (o *opsEnv) officerLogins(t *testing.T) {
	o.want("dancu_login_failures_total", "channel", "officer", 0)
	for range 5 { // auth's default: 5 failures per window
		wantStatus(t, o.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "xa.thanhsen", "password": "sai"}), 401)
	}
	o.want("dancu_login_failures_total", "channel", "officer", 5)
	o.want("dancu_rate_limited_total", "channel", "officer", 0)
	wantStatus(t, o.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "xa.thanhsen", "password": testPassword}), 429)
	o.want("dancu_rate_limited_total", "channel", "officer", 1)
	o.want("dancu_login_failures_total", "channel", "officer", 5)
}

func (o *opsEnv) citizenLogins(t *testing.T) {
	body := map[string]string{"identifier": "042090999999", "password": "không đúng"}
	for range 10 { // eid's limit: 10 failures per identifier
		wantStatus(t, o.do("POST", "/api/v1/eid/login", "", body), 401)
	}
	o.want("dancu_login_failures_total", "channel", "citizen", 10)
	wantStatus(t, o.do("POST", "/api/v1/eid/login", "", body), 429)
	o.want("dancu_rate_limited_total", "channel", "citizen", 1)
}

func (o *opsEnv) clientLogins(t *testing.T) {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"no-such-agency"}, "client_secret": {"wrong"},
		"audience": {share.AudienceVerify}}
	for range share.TokenFailuresPerClient {
		wantStatus(t, o.tokenRequest(form), 401)
	}
	o.want("dancu_login_failures_total", "channel", "oauth_client", share.TokenFailuresPerClient)
	wantStatus(t, o.tokenRequest(form), 429)
	o.want("dancu_rate_limited_total", "channel", "oauth_client", 1)
}

func (o *opsEnv) tokenRequest(form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/api/v1/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return serve(o.env, req)
}

// agencyLimit: an agency allowed one call at a time is refused the second.
func (o *opsEnv) agencyLimit(t *testing.T) {
	a := share.Agency{ID: "bank-ops", Name: "Ngân hàng", LegalBasis: "Nghị định 69/2024/NĐ-CP",
		Purposes: []share.Purpose{{Name: "kyc"}}, Fields: []string{"full_name"}, RatePerSec: 0.001, Burst: 1,
		Status: share.Active, CreatedAt: o.clock.now()}
	secret := share.NewSecret()
	hash, err := o.share.HashSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.db.Sharing().CreateAgency(bg, a, hash); err != nil {
		t.Fatal(err)
	}
	w := o.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {a.ID}, "client_secret": {secret},
		"audience": {share.AudienceVerify}})
	wantStatus(t, w, 200)
	token := decode[tokenResponse](t, w).AccessToken
	status := func() int {
		req := httptest.NewRequest("GET", "/api/v1/verify/cards/000000000/status?purpose=kyc", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return serve(o.env, req).Code
	}
	if code := status(); code == 429 {
		t.Fatalf("the first call was refused")
	}
	o.want("dancu_rate_limited_total", "channel", "agency", 0)
	if code := status(); code != 429 {
		t.Fatalf("second call within the burst of 1: %d, want 429", code)
	}
	o.want("dancu_rate_limited_total", "channel", "agency", 1)
}

// auditQueue holds the chain's lock, as a slow or locked audit store
// would, while an officer files a dossier (its entry commits as an intent
// in the register) and another reads a record (the disclosure waits in
// the writer); both drain once the lock is released.
func (o *opsEnv) auditQueue(t *testing.T) {
	drained := func() bool {
		fams := o.scrape()
		w, _ := value(fams, "dancu_audit_queue_depth", "stage", "writer")
		i, _ := value(fams, "dancu_audit_queue_depth", "stage", "intents")
		return w == 0 && i == 0
	}
	eventually(t, "earlier entries to reach the chain", drained)
	release := lockChain(t, o.db.AuditSQL(), o.db.Engine())
	hoa := o.citizens["hoa"]
	in := map[string]any{"kind": "residence.absence", "applicant": map[string]any{"full_name": hoa.FullName, "relation": "self"},
		"form": map[string]any{"citizen_id": hoa.ID, "case": "d", "from": "2026-01-10", "until": "2027-02-01", "destination": "Hàn Quốc", "reason": "học tập"}}
	filed, read := make(chan int, 1), make(chan int, 1)
	go func() { filed <- o.do("POST", "/api/v1/dossiers", "xa.thanhsen", in).Code }()
	go func() { read <- o.do("GET", "/api/v1/citizens/"+hoa.ID, "tinh.hatinh", nil).Code }()
	var fams map[string]*dto.MetricFamily
	eventually(t, "an entry in each stage", func() bool {
		fams = o.scrape()
		w, _ := value(fams, "dancu_audit_queue_depth", "stage", "writer")
		i, _ := value(fams, "dancu_audit_queue_depth", "stage", "intents")
		return w >= 1 && i >= 1
	})
	release()
	if code := <-filed; code != 201 {
		t.Errorf("filing after the lock: %d", code)
	}
	if code := <-read; code != 200 {
		t.Errorf("reading after the lock: %d", code)
	}
	eventually(t, "the queue to drain", drained)
}

// lockChain takes the audit chain's write lock in a transaction of its
// own: SQLite's BEGIN IMMEDIATE on the chain's file, a table lock on
// PostgreSQL that blocks inserts into audit_log.
func lockChain(t *testing.T, db *sql.DB, engine string) (release func()) {
	t.Helper()
	tx, err := db.BeginTx(bg, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := `SELECT 1` // the chain's file begins transactions IMMEDIATE: BeginTx took the lock
	if engine == "postgres" {
		q = `LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE`
	}
	if _, err := tx.Exec(q); err != nil {
		t.Fatal(err)
	}
	return func() { tx.Rollback() }
}

func (o *opsEnv) overdueDossiers(t *testing.T) {
	const kind = "residence.absence"
	hung := o.citizens["hung"]
	in := map[string]any{"kind": kind, "applicant": map[string]any{"full_name": hung.FullName, "relation": "self"},
		"form": map[string]any{"citizen_id": hung.ID, "case": "d", "from": "2026-01-10", "until": "2027-02-01", "destination": "Đài Loan", "reason": "lao động"}}
	wantStatus(t, o.do("POST", "/api/v1/dossiers", "xa.thanhsen", in), 201)
	o.want("dancu_dossiers_overdue", "kind", kind, 0) // due in working days, not today
	open := decode[dossierPage](t, o.do("GET", "/api/v1/dossiers?kind="+kind+"&state=received", "tinh.hatinh", nil))
	o.clock.mu.Lock()
	o.clock.t = o.clock.t.AddDate(0, 3, 0)
	o.clock.mu.Unlock()
	// Every open dossier of the kind is late three months on.
	o.want("dancu_dossiers_overdue", "kind", kind, float64(len(open.Items)))
	o.want("dancu_dossiers_overdue", "kind", "civil.birth", 0)
}

// eventually polls cond for up to 30 s: the audit log's mover and writer
// work on their own goroutines.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}
