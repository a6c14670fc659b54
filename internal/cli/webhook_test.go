package cli

import (
	"context"
	"dancu/internal/wire"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/share"
	"dancu/internal/sqlstore"
)

// hookSink is a webhook subscriber on 127.0.0.1 that counts deliveries.
type hookSink struct {
	mu  sync.Mutex
	got int
}

func (h *hookSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	h.mu.Lock()
	h.got++
	h.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (h *hookSink) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.got
}

// runningServer is `dancu serve` on a free loopback port.
type runningServer struct {
	base string
	stop func()
}

func startServer(t *testing.T, a *app, db *sqlstore.DB) runningServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc, errc := make(chan string, 1), make(chan error, 1)
	go func() { errc <- a.serve(ctx, db, "127.0.0.1:0", func(addr string) { addrc <- addr }) }()
	select {
	case addr := <-addrc:
		return runningServer{base: "http://" + addr, stop: func() {
			cancel()
			if err := <-errc; err != nil {
				t.Errorf("serve: %v", err)
			}
		}}
	case err := <-errc:
		cancel()
		t.Fatalf("serve: %v", err)
	}
	return runningServer{}
}

func (s runningServer) post(t *testing.T, path, token, contentType, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (s runningServer) token(t *testing.T, id, secret string) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "audience": {share.AudienceNotify}}
	code, body := s.post(t, "/api/v1/oauth/token", "", "application/x-www-form-urlencoded", form.Encode())
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &tok) != nil {
		t.Fatalf("token: %d %s", code, body)
	}
	return tok.AccessToken
}

// eventually polls cond until it holds or a generous deadline passes: the
// dispatcher ticks every second on its own.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}

// TestServeWebhookAllowListEndToEnd reproduces the webhook SSRF against a
// running server: a subscriber on 127.0.0.1 is refused at subscription,
// a loopback subscription already in the database is refused at connect
// time with a generic last_error, and with --webhook-allow the same
// subscriber is subscribed and reached.
func TestServeWebhookAllowListEndToEnd(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "hooks.db")
	out := mustRun(t, "agency", "create", "insurer", "--db", dsn, "--name", "BHXH", "--legal-basis", "Luật BHXH 2024",
		"--purpose", "benefits", "--fields", "id_number,death_date", "--events", "citizen.died")
	_, secret, _ := strings.Cut(out, "client_secret: ")
	secret, _, _ = strings.Cut(secret, "\n")
	if _, errOut, code := run(t, "serve", "--db", dsn, "--webhook-allow", "intranet"); code == 0 || !strings.Contains(errOut, "webhook-allow") {
		t.Errorf("an invalid allow-list did not stop serve: %d %s", code, errOut)
	}

	sink := &hookSink{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hooks := &http.Server{Handler: sink}
	go hooks.Serve(ln)
	defer hooks.Close()
	hookURL := "http://" + ln.Addr().String() + "/hook"

	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	people := make([]registry.Citizen, 2)
	for i := range people {
		c := registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: "04209000020" + string(rune('0'+i)), FullName: "Lê Văn Tư",
			BirthDate: pdate.Full(1950, 1, 1), Sex: registry.Male, Status: registry.Alive}
		if people[i], err = wire.Register(db).Create(context.Background(), c, registry.ChangeMeta{Actor: "t", Reason: "seed"}); err != nil {
			t.Fatal(err)
		}
	}
	die := func(c registry.Citizen) {
		if _, err := wire.Register(db).Update(context.Background(), c.ID, 0, func(c *registry.Citizen) error {
			c.Status, c.DeathDate = registry.Dead, pdate.Full(2026, 1, 4)
			return nil
		}, registry.ChangeMeta{Actor: "t", Reason: "death registered"}); err != nil {
			t.Fatal(err)
		}
	}
	subscribe := `{"url":"` + hookURL + `","types":["citizen.died"]}`
	newApp := func(allow ...string) *app {
		return &app{out: io.Discard, errOut: io.Discard, log: quietLogger(io.Discard), cscaFile: filepath.Join(dir, "none.pem"),
			db: dsn, webhooks: webhookFlags{allow: allow}}
	}

	srv := startServer(t, newApp(), db)
	tok := srv.token(t, "insurer", secret)
	if code, body := srv.post(t, "/api/v1/events/subscriptions", tok, "application/json", subscribe); code != 400 || strings.Contains(body, ln.Addr().String()) {
		t.Errorf("loopback subscription without the allow-list: %d %s", code, body)
	}
	// One made before the rule existed, or by a name that resolves to
	// 127.0.0.1 only now: the dialler refuses it.
	old := uuid.Must(uuid.NewV7()).String()
	if err := db.Sharing().CreateSubscription(context.Background(), share.Subscription{ID: old, AgencyID: "insurer", URL: hookURL,
		Types: []share.EventType{share.EventDeath}, Secret: share.NewSecret(), CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	die(people[0])
	var refused share.Subscription
	eventually(t, "a refused attempt", func() bool {
		subs, _ := db.Sharing().Subscriptions(context.Background(), "insurer")
		refused = subs[0]
		return refused.Attempts > 0
	})
	if refused.LastError != share.DeliveryRefused || sink.count() != 0 {
		t.Errorf("without the allow-list: last_error %q, %d deliveries", refused.LastError, sink.count())
	}
	srv.stop()

	srv = startServer(t, newApp("127.0.0.0/8"), db)
	defer srv.stop()
	tok = srv.token(t, "insurer", secret)
	if code, body := srv.post(t, "/api/v1/events/subscriptions", tok, "application/json", subscribe); code != 201 {
		t.Fatalf("loopback subscription with the allow-list: %d %s", code, body)
	}
	die(people[1])
	// The old subscription gets both deaths once its backoff ends, the
	// new one the second: three deliveries.
	eventually(t, "three deliveries", func() bool { return sink.count() == 3 })
}
