package webhook_test

import (
	"context"
	"dancu/internal/wire"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

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
		w.WriteHeader(http.StatusNoContent)
	})}
	go s.srv.Serve(ln)
}

func (s *subscriber) stop() { s.srv.Close() }

func (s *subscriber) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, e := range s.got {
		out = append(out, e.Data["id_number"])
	}
	return out
}

// TestDeliverySurvivesSubscriberDowntime kills the subscriber, lets
// events happen, restarts it, and expects every event once, in order.
func TestDeliverySurvivesSubscriberDowntime(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := "sqlite:" + filepath.Join(t.TempDir(), "w.db")
			if engine == "postgres" {
				dsn = pgtest.NewDatabase(t)
			}
			now := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
			clock := func() time.Time { return now }
			db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			a := share.Agency{ID: "insurer", Name: "BHXH", LegalBasis: "Luật BHXH 2024", Purposes: []share.Purpose{{Name: "benefits"}},
				Events: []share.EventType{share.EventDeath}, RatePerSec: 10, Burst: 10, Status: share.Active, CreatedAt: now}
			if err := db.CreateAgency(ctx, a, ""); err != nil {
				t.Fatal(err)
			}
			people := make([]registry.Citizen, 4)
			for i := range people {
				c := registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: "04209000010" + string(rune('0'+i)), FullName: "Lê Văn Tư",
					BirthDate: pdate.Full(1950, 1, 1), Sex: registry.Male, Status: registry.Alive}
				if people[i], err = wire.Register(db).Create(ctx, c, registry.ChangeMeta{Actor: "t", Reason: "seed"}); err != nil {
					t.Fatal(err)
				}
			}
			sub := &subscriber{t: t, addr: "127.0.0.1:0", secret: share.NewSecret()}
			sub.start()
			defer sub.stop()
			if err := db.CreateSubscription(ctx, share.Subscription{ID: uuid.Must(uuid.NewV7()).String(), AgencyID: a.ID,
				URL: "http://" + sub.addr + "/hook", Types: []share.EventType{share.EventDeath}, Secret: sub.secret, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			die := func(i int) {
				if _, err := wire.Register(db).Update(ctx, people[i].ID, 0, func(c *registry.Citizen) error {
					c.Status, c.DeathDate = registry.Dead, pdate.Full(2026, 1, 4)
					return nil
				}, registry.ChangeMeta{Actor: "t", Reason: "death registered"}); err != nil {
					t.Fatal(err)
				}
			}
			d := &webhook.Dispatcher{Store: db, Now: clock, Client: &http.Client{Timeout: 2 * time.Second}}
			die(0)
			d.Tick(ctx)
			sub.stop() // the subscriber goes down
			die(1)
			die(2)
			if err := d.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			d.Tick(ctx) // not due yet: backoff
			subs, _ := db.Subscriptions(ctx, a.ID)
			if subs[0].Attempts != 1 || subs[0].LastError == "" {
				t.Errorf("after a failed attempt: %+v", subs[0])
			}
			sub.start() // back on the same address
			die(3)
			now = now.Add(2 * time.Second)
			d.Tick(ctx)
			d.Tick(ctx)
			want := []string{people[0].IDNumber, people[1].IDNumber, people[2].IDNumber, people[3].IDNumber}
			if got := sub.received(); !slices.Equal(got, want) {
				t.Errorf("received %v, want %v once each in order", got, want)
			}
		})
	}
}
