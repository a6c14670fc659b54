package cli

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dancu/internal/pdate"
	"dancu/internal/pgtest"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

// eventSink is a webhook subscriber that counts deliveries per event id.
type eventSink struct {
	mu  sync.Mutex
	got map[string]int
}

func (s *eventSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var ev struct {
		ID string `json:"id"`
	}
	json.NewDecoder(r.Body).Decode(&ev)
	s.mu.Lock()
	s.got[ev.ID]++
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (s *eventSink) counts() (events, deliveries int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.got {
		deliveries += n
	}
	return len(s.got), deliveries
}

// startServersOnOneDatabase starts n `dancu serve` in this process, each
// with its own connection pool on dsn and the same data and keys
// directories, as servers behind a load balancer. Each stops once, in the
// test's body or at its cleanup.
func startServersOnOneDatabase(t *testing.T, n int, dsn, dir string) ([]runningServer, []*sqlstore.DB) {
	t.Helper()
	var servers []runningServer
	var dbs []*sqlstore.DB
	for range n {
		db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		a := &app{out: io.Discard, errOut: io.Discard, log: quietLogger(io.Discard), cscaFile: filepath.Join(dir, "none.pem"),
			db: dsn, data: filepath.Join(dir, "data"), keys: filepath.Join(dir, "keys"), webhooks: webhookFlags{allow: []string{"127.0.0.0/8"}}}
		srv := startServer(t, a, db)
		var once sync.Once
		stop := srv.stop
		srv.stop = func() { once.Do(stop) }
		t.Cleanup(srv.stop)
		servers, dbs = append(servers, srv), append(dbs, db)
	}
	return servers, dbs
}

// TestTwoServersShareOneDatabase runs two `dancu serve` on one PostgreSQL
// database under reads, corrections and agencies' audited verifications
// through both, while deaths are registered: afterwards the audit log
// verifies (one chain, one signer), every death's event was delivered to
// the subscriber exactly once (one dispatcher), and every answered request
// has its audit entry.
func TestTwoServersShareOneDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two servers under load")
	}
	dsn := pgtest.NewDatabase(t)
	dir := t.TempDir()
	flags := seededDeployment(t, dsn, dir, 60, 11)
	password := createUser(t, flags, "hai.may", "province", "42")
	secret := createAgency(t, flags, "insurer")
	numbers := sampleNumbers(t, dsn, 30)

	sink := &eventSink{got: map[string]int{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hooks := &http.Server{Handler: sink}
	go hooks.Serve(ln)
	defer hooks.Close()

	servers, dbs := startServersOnOneDatabase(t, 2, dsn, dir)
	tok := servers[0].token(t, "insurer", secret)
	if code, body := servers[1].post(t, "/api/v1/events/subscriptions", tok, "application/json",
		`{"url":"http://`+ln.Addr().String()+`/hook","types":["citizen.died"]}`); code != 201 {
		t.Fatalf("subscribe: %d %s", code, body)
	}

	done := make(chan struct{})
	client := &http.Client{Timeout: 30 * time.Second}
	var loads []*mixedLoad
	for i, srv := range servers {
		officer, err := login(srv.base, "hai.may", password)
		if err != nil {
			t.Fatal(err)
		}
		agency, err := agencyToken(srv.base, "insurer", secret)
		if err != nil {
			t.Fatal(err)
		}
		// One citizen per server's editor; both servers read the rest.
		l := &mixedLoad{base: srv.base, token: officer, done: done, edits: map[string]map[string]string{}, reads: map[string]bool{}}
		v := &mixedLoad{base: srv.base, token: agency, done: done, verified: map[string]bool{}}
		l.wg.Go(func() { l.edit(client, i, numbers[i]) })
		l.wg.Go(func() { l.read(client, i, numbers[4:]) })
		v.wg.Go(func() { v.verify(client, i, numbers[4:]) })
		loads = append(loads, l, v)
	}
	// Deaths registered meanwhile: each makes one outbox event.
	reg := wire.Register(dbs[0])
	for _, n := range numbers[2:4] {
		c, err := dbs[0].Citizens().CitizenByIDNumber(context.Background(), n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := reg.Update(context.Background(), c.ID, 0, func(c *registry.Citizen) error {
			c.Status, c.DeathDate = registry.Dead, pdate.Full(2026, 1, 4)
			return nil
		}, registry.ChangeMeta{Actor: "test", Reason: "death registered"}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Second)
	}
	eventually(t, "both deaths delivered", func() bool { events, _ := sink.counts(); return events == 2 })
	time.Sleep(3 * time.Second) // a second dispatcher would deliver again by now (it ticks every second)
	close(done)
	for _, l := range loads {
		l.wg.Wait()
	}
	for _, s := range servers {
		s.stop()
	}
	events, deliveries := sink.counts()
	if deliveries != events {
		t.Errorf("%d events delivered %d times: an event went out twice", events, deliveries)
	}
	logged := loggedRequests(t, dsn)
	reads, verifications, writes, missing := 0, 0, 0, 0
	for _, l := range loads {
		reads, verifications = reads+len(l.reads), verifications+len(l.verified)
		for _, acked := range []map[string]bool{l.reads, l.verified} {
			for id := range acked {
				if !logged[id] {
					missing++
				}
			}
		}
		for _, acked := range l.edits {
			writes += len(acked)
			for _, id := range acked {
				if !logged[id] {
					missing++
				}
			}
		}
	}
	if verifications == 0 || reads == 0 || writes == 0 {
		t.Fatalf("the load did too little to prove anything: %d verifications, %d reads, %d corrections", verifications, reads, writes)
	}
	if missing > 0 {
		t.Errorf("%d answered requests have no audit entry", missing)
	}
	t.Logf("two servers: %d verifications, %d reads, %d corrections answered; %d events, %d deliveries", verifications, reads, writes, events, deliveries)
	if out := mustRun(t, append([]string{"audit", "verify"}, flags...)...); !strings.Contains(out, "audit log intact") {
		t.Errorf("audit verify after two servers: %s", out)
	}
}
