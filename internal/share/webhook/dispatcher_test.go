package webhook_test

import (
	"cmp"
	"context"
	"dancu/internal/wire"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/audit"
	"dancu/internal/pdate"
	"dancu/internal/pgtest"
	"dancu/internal/registry"
	"dancu/internal/share"
	"dancu/internal/share/webhook"
	"dancu/internal/sqlstore"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var ctx = context.Background()

// subscriber records what it receives and can be stopped and restarted
// on the same address.
type subscriber struct {
	t      *testing.T
	addr   string
	secret string
	mu     sync.Mutex
	got    []share.Event
	srv    *http.Server
	status int // answer to every delivery; default 204
}

func (s *subscriber) start() {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !webhook.Verify(s.secret, r.Header.Get(webhook.HeaderTimestamp), r.Header.Get(webhook.HeaderSignature), body) {
			s.t.Errorf("bad signature on %s", r.Header.Get(webhook.HeaderID))
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var ev share.Event
		json.Unmarshal(body, &ev)
		if ev.ID != r.Header.Get(webhook.HeaderID) {
			s.t.Errorf("id header %q, body %q", r.Header.Get(webhook.HeaderID), ev.ID)
		}
		s.mu.Lock()
		s.got = append(s.got, ev)
		s.mu.Unlock()
		w.WriteHeader(cmp.Or(s.status, http.StatusNoContent))
	})}
	go s.srv.Serve(ln)
}

func (s *subscriber) stop() { s.srv.Close() }

func (s *subscriber) events() []share.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

func (s *subscriber) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, e := range s.got {
		out = append(out, e.Data["id_number"])
	}
	return out
}

// fixture is one database with an agency subscribed to deaths and four
// living people to let die.
type fixture struct {
	db     *sqlstore.DB
	audit  *auditLog
	agency share.Agency
	people []registry.Citizen
	now    time.Time
}

func (f *fixture) clock() time.Time { return f.now }

func eachEngine(t *testing.T, body func(t *testing.T, f *fixture)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := pgtest.DSN(t, engine, filepath.Join(t.TempDir(), "w.db"))
			f := &fixture{now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), audit: &auditLog{}}
			db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Now: f.clock})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f.db = db
			f.agency = share.Agency{ID: "insurer", Name: "BHXH", LegalBasis: "Luật BHXH 2024", Purposes: []share.Purpose{{Name: "benefits"}},
				Fields: []string{"id_number", "death_date"}, Events: []share.EventType{share.EventDeath}, RatePerSec: 10, Burst: 10,
				Status: share.Active, CreatedAt: f.now}
			if err := db.Sharing().CreateAgency(ctx, f.agency, ""); err != nil {
				t.Fatal(err)
			}
			f.people = make([]registry.Citizen, 4)
			for i := range f.people {
				c := registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: "04209000010" + string(rune('0'+i)), FullName: "Lê Văn Tư",
					BirthDate: pdate.Full(1950, 1, 1), Sex: registry.Male, Status: registry.Alive}
				if f.people[i], err = wire.Register(db).Create(ctx, c, registry.ChangeMeta{Actor: "t", Reason: "seed"}); err != nil {
					t.Fatal(err)
				}
			}
			body(t, f)
		})
	}
}

func (f *fixture) subscribe(t *testing.T, url, secret string) string {
	t.Helper()
	id := uuid.Must(uuid.NewV7()).String()
	if err := f.db.Sharing().CreateSubscription(ctx, share.Subscription{ID: id, AgencyID: f.agency.ID,
		URL: url, Types: []share.EventType{share.EventDeath}, Secret: secret, CreatedAt: f.now}); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) die(t *testing.T, i int) {
	t.Helper()
	if _, err := wire.Register(f.db).Update(ctx, f.people[i].ID, 0, func(c *registry.Citizen) error {
		c.Status, c.DeathDate = registry.Dead, pdate.Full(2026, 1, 4)
		return nil
	}, registry.ChangeMeta{Actor: "t", Reason: "death registered"}); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) subscription(t *testing.T, id string) share.Subscription {
	t.Helper()
	subs, err := f.db.Sharing().Subscriptions(ctx, f.agency.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subs {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no subscription %s", id)
	return share.Subscription{}
}

// auditLog records the dispatcher's audit entries.
type auditLog struct {
	mu      sync.Mutex
	entries []audit.Entry
}

func (l *auditLog) Record(_ context.Context, e audit.Entry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	return nil
}

func (l *auditLog) all() []audit.Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.entries)
}

// loopback is the allow-list the tests' subscribers on 127.0.0.1 need.
var loopback = share.TargetPolicy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}

// TestDeliverySurvivesSubscriberDowntime kills the subscriber, lets
// events happen, restarts it, and expects every event once, in order.
func TestDeliverySurvivesSubscriberDowntime(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		sub := &subscriber{t: t, addr: "127.0.0.1:0", secret: share.NewSecret()}
		sub.start()
		defer sub.stop()
		id := f.subscribe(t, "http://"+sub.addr+"/hook", sub.secret)
		d := &webhook.Dispatcher{Store: f.db.Sharing(), Audit: f.audit, Now: f.clock, Policy: loopback, Timeout: 2 * time.Second}
		f.die(t, 0)
		d.Tick(ctx)
		sub.stop() // the subscriber goes down
		f.die(t, 1)
		f.die(t, 2)
		if err := d.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		d.Tick(ctx) // not due yet: backoff
		if s := f.subscription(t, id); s.Attempts != 1 || s.LastError != share.DeliveryUnreachable {
			t.Errorf("after a failed attempt: %+v", s)
		}
		sub.start() // back on the same address
		f.die(t, 3)
		f.now = f.now.Add(2 * time.Second)
		d.Tick(ctx)
		d.Tick(ctx)
		want := []string{f.people[0].IDNumber, f.people[1].IDNumber, f.people[2].IDNumber, f.people[3].IDNumber}
		if got := sub.received(); !slices.Equal(got, want) {
			t.Errorf("received %v, want %v once each in order", got, want)
		}
	})
}

// TestWebhookToLoopbackRefusedWithoutAllowList: a real subscriber on
// 127.0.0.1, named by address and by a host name that resolves to it
// (checked on the address dialled, as DNS rebinding would present it),
// receives nothing without the operator's allow-list, and the agency
// reads a policy refusal with no address, port or dial error in it.
// With the allow-list, the same subscriber is reached.
func TestWebhookToLoopbackRefusedWithoutAllowList(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		sub := &subscriber{t: t, addr: "127.0.0.1:0", secret: share.NewSecret()}
		sub.start()
		defer sub.stop()
		_, port, _ := net.SplitHostPort(sub.addr)
		urls := []string{"http://" + sub.addr + "/hook", "http://localhost:" + port + "/hook", "https://localhost:" + port + "/hook"}
		ids := make([]string, len(urls))
		for i, u := range urls {
			ids[i] = f.subscribe(t, u, sub.secret)
		}
		f.die(t, 0)
		strict := &webhook.Dispatcher{Store: f.db.Sharing(), Audit: f.audit, Now: f.clock, Timeout: 2 * time.Second}
		if err := strict.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if got := sub.received(); len(got) != 0 {
			t.Fatalf("a loopback subscriber was reached without the allow-list: %v", got)
		}
		for i, id := range ids {
			s := f.subscription(t, id)
			if s.LastError != share.DeliveryRefused || s.Attempts != 1 {
				t.Errorf("%s: %+v", urls[i], s)
			}
			if strings.Contains(s.LastError, port) || strings.Contains(s.LastError, "127.") || strings.Contains(s.LastError, "dial") {
				t.Errorf("last_error carries internal detail: %q", s.LastError)
			}
		}

		f.now = f.now.Add(time.Minute)
		allowed := &webhook.Dispatcher{Store: f.db.Sharing(), Audit: f.audit, Now: f.clock, Policy: loopback, Timeout: 2 * time.Second}
		if err := allowed.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		want := []string{f.people[0].IDNumber, f.people[0].IDNumber} // once per http subscription
		if got := sub.received(); !slices.Equal(got, want) {
			t.Errorf("with the allow-list received %v, want %v", got, want)
		}
		// The https one was let through to connect; the plain http server
		// cannot speak TLS, which the agency reads as unreachable.
		if s := f.subscription(t, ids[2]); s.LastError != share.DeliveryUnreachable {
			t.Errorf("https to an allowed address: %+v", s)
		}
	})
}

// TestWebhookFailureClassNotAccepted: a subscriber answering 500 is
// reported as not accepting, without its status or body.
func TestWebhookFailureClassNotAccepted(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		sub := &subscriber{t: t, addr: "127.0.0.1:0", secret: share.NewSecret(), status: http.StatusInternalServerError}
		sub.start()
		defer sub.stop()
		id := f.subscribe(t, "http://"+sub.addr+"/hook", sub.secret)
		f.die(t, 0)
		d := &webhook.Dispatcher{Store: f.db.Sharing(), Audit: f.audit, Now: f.clock, Policy: loopback, Timeout: 2 * time.Second}
		if err := d.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if s := f.subscription(t, id); s.LastError != share.DeliveryNotAccepted || s.Attempts != 1 {
			t.Errorf("after a 500: %+v", s)
		}
	})
}

// TestWebhookPayloadCutToFieldScope: a webhook carries only the data the
// agency's field scope covers (an agency without death_date gets the
// number of the deceased, not the date; without permanent, not the new
// commune and province), an agency without id_number in scope receives
// nothing and its cursor moves on, and every delivery is audited with
// the citizen it names before it is sent.
func TestWebhookPayloadCutToFieldScope(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fixture) {
		narrow := share.Agency{ID: "narrow", Name: "Bank", LegalBasis: "Nghị định 69/2024/NĐ-CP", Purposes: []share.Purpose{{Name: "kyc"}},
			Fields: []string{"id_number"}, Events: []share.EventType{share.EventDeath, share.EventResidenceChanged}, RatePerSec: 10, Burst: 10,
			Status: share.Active, CreatedAt: f.now}
		sexOnly := narrow
		sexOnly.ID, sexOnly.Fields = "sex-only", []string{"sex"}
		subs := map[string]*subscriber{}
		for _, a := range []share.Agency{narrow, sexOnly} {
			if err := f.db.Sharing().CreateAgency(ctx, a, ""); err != nil {
				t.Fatal(err)
			}
			sub := &subscriber{t: t, addr: "127.0.0.1:0", secret: share.NewSecret()}
			sub.start()
			defer sub.stop()
			subs[a.ID] = sub
			if err := f.db.Sharing().CreateSubscription(ctx, share.Subscription{ID: uuid.Must(uuid.NewV7()).String(), AgencyID: a.ID,
				URL: "http://" + sub.addr + "/hook", Types: a.Events, Secret: sub.secret, CreatedAt: f.now}); err != nil {
				t.Fatal(err)
			}
		}
		f.die(t, 0)
		if _, err := wire.Register(f.db).Update(ctx, f.people[1].ID, 0, func(c *registry.Citizen) error {
			c.Permanent = registry.Residence{Commune: "18100", Province: "42", Address: "Tổ 5"}
			return nil
		}, registry.ChangeMeta{Actor: "t", Reason: "moved"}); err != nil {
			t.Fatal(err)
		}
		d := &webhook.Dispatcher{Store: f.db.Sharing(), Audit: f.audit, Now: f.clock, Policy: loopback, Timeout: 2 * time.Second}
		if err := d.Tick(ctx); err != nil {
			t.Fatal(err)
		}

		got := subs["narrow"].events()
		if len(got) != 2 || got[0].Type != share.EventDeath || got[1].Type != share.EventResidenceChanged {
			t.Fatalf("narrow agency received %+v", got)
		}
		for i, ev := range got {
			if len(ev.Data) != 1 || ev.Data["id_number"] != f.people[i].IDNumber {
				t.Errorf("%s delivered with %v, want the number only", ev.Type, ev.Data)
			}
		}
		if n := len(subs["sex-only"].events()); n != 0 {
			t.Errorf("an agency without id_number in scope received %d events", n)
		}
		all, _ := f.db.Sharing().Events(ctx, 0, share.EventTypes, 100)
		for _, id := range []string{"narrow", "sex-only"} {
			list, _ := f.db.Sharing().Subscriptions(ctx, id)
			if list[0].Delivered != all[len(all)-1].Seq {
				t.Errorf("%s: cursor %d, want past the last event %d", id, list[0].Delivered, all[len(all)-1].Seq)
			}
		}

		entries := f.audit.all()
		if len(entries) != 2 {
			t.Fatalf("%d audit entries, want one per delivery: %+v", len(entries), entries)
		}
		for i, e := range entries {
			if e.Action != webhook.ActWebhook || e.AgencyID != "narrow" || !slices.Equal(e.CitizenIDs, []string{f.people[i].ID}) ||
				!slices.Equal(e.Fields, []string{"id_number"}) || e.LegalBasis == "" || e.Purpose == "" || e.RequestID != got[i].ID {
				t.Errorf("audit entry %d: %+v", i, e)
			}
		}
	})
}
