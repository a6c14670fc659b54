package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"dancu/internal/auth"
	"dancu/internal/share"
)

// hashProbe is an argon2id KeyFunc that records every computation and,
// while held, blocks each one until it is released: how a test sees which
// hashes a request causes and how many run at once, without timing.
type hashProbe struct {
	mu       sync.Mutex
	calls    []auth.Params // the costs of each computation, in order
	inFlight int
	peak     int
	hold     bool
	entered  chan struct{}
	release  chan struct{}
}

func newHashProbe() *hashProbe {
	return &hashProbe{entered: make(chan struct{}, 1024), release: make(chan struct{})}
}

func (p *hashProbe) key(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	p.mu.Lock()
	p.calls = append(p.calls, auth.Params{Memory: memory, Time: time, Threads: threads})
	p.inFlight++
	p.peak = max(p.peak, p.inFlight)
	hold := p.hold
	p.mu.Unlock()
	if hold {
		p.entered <- struct{}{}
		<-p.release
	}
	defer func() {
		p.mu.Lock()
		p.inFlight--
		p.mu.Unlock()
	}()
	return argon2.IDKey(password, salt, time, memory, threads, keyLen)
}

// reset forgets the computations so far (the setup's).
func (p *hashProbe) reset() []auth.Params {
	p.mu.Lock()
	defer p.mu.Unlock()
	calls := p.calls
	p.calls, p.peak = nil, p.inFlight
	return calls
}

// probeProcessHasher makes the process's hasher one that reports to a new
// probe, with room for bound computations at once, for this test: the
// services then use it by default, as a server does.
func probeProcessHasher(t *testing.T, bound int) (*hashProbe, *auth.Hasher) {
	p := newHashProbe()
	h := auth.NewHasher(bound, p.key)
	old := auth.ProcessHasher
	auth.ProcessHasher = h
	t.Cleanup(func() { auth.ProcessHasher = old })
	return p, h
}

// tokenFrom asks for a token from a source address.
func (s *shareEnv) tokenFrom(addr, id, secret string) *httptest.ResponseRecorder {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}}
	if secret != "" {
		form.Set("client_secret", secret)
	}
	req := httptest.NewRequest("POST", "/api/v1/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":40000"
	return serve(s.env, req)
}

// TestUnknownClientIDDoesTheSameHashWork protects against client
// enumeration at the token endpoint: an unknown client id, a known one
// with a wrong secret and a known one that has no secret each cost exactly
// one argon2id computation with the same costs, so neither the time nor
// the memory of the answer tells whether the id exists.
func TestUnknownClientIDDoesTheSameHashWork(t *testing.T) {
	probe, _ := probeProcessHasher(t, auth.DefaultMaxConcurrentHashes)
	s := newShareEnv(t, "sqlite")
	s.agency("bank-a", []string{"full_name"}, nil)
	if err := s.db.Sharing().CreateAgency(bg, share.Agency{ID: "bank-cert", Name: "Đối tác mTLS", LegalBasis: "Nghị định 69/2024/NĐ-CP",
		Purposes: []share.Purpose{{Name: "kyc"}}, Fields: []string{"full_name"}, RatePerSec: 1, Burst: 1,
		Status: share.Active, CertThumbprint: "x5t-of-a-registered-certificate", CreatedAt: s.clock()}, ""); err != nil {
		t.Fatal(err)
	}
	probe.reset()
	var want auth.Params
	for i, id := range []string{"bank-a", "bank-unknown", "bank-cert"} {
		w := s.tokenFrom("198.51.100."+strconv.Itoa(i+1), id, "a-wrong-secret-of-some-length")
		if w.Code != http.StatusUnauthorized || decode[oauthError](t, w).Error != "invalid_client" {
			t.Fatalf("%s: %d %s, want 401 invalid_client", id, w.Code, w.Body)
		}
		calls := probe.reset()
		if len(calls) != 1 {
			t.Fatalf("%s: %d argon2id computations, want 1", id, len(calls))
		}
		if i == 0 {
			want = calls[0]
		} else if calls[0] != want {
			t.Errorf("%s: hashed with %+v, the known client with %+v", id, calls[0], want)
		}
	}
	if want != testParams {
		t.Errorf("hashed with %+v, want the service's %+v", want, testParams)
	}
}

// TestParallelPasswordChecksNeverExceedTheHashBound protects the server's
// memory from parallel wrong secrets and passwords: token requests and
// officer logins share one process-wide bound on argon2id computations,
// and the requests beyond it wait for a slot instead of each allocating
// the hash's memory at once.
func TestParallelPasswordChecksNeverExceedTheHashBound(t *testing.T) {
	const bound, tokens, logins = 2, 6, 3
	probe, hasher := probeProcessHasher(t, bound)
	s := newShareEnv(t, "sqlite")
	s.agency("bank-a", []string{"full_name"}, nil)
	probe.reset()
	probe.mu.Lock()
	probe.hold = true
	probe.mu.Unlock()

	statuses := make(chan int, tokens+logins)
	var wg sync.WaitGroup
	for i := range tokens {
		wg.Go(func() {
			statuses <- s.tokenFrom(fmt.Sprintf("203.0.113.%d", i+1), "bank-a", "a-wrong-secret-of-some-length").Code
		})
	}
	for i := range logins {
		wg.Go(func() {
			req := httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(
				fmt.Sprintf(`{"username":%q,"password":"a wrong password"}`, testUsers[i].name)))
			req.Header.Set("Content-Type", "application/json")
			req.RemoteAddr = fmt.Sprintf("203.0.113.%d:40000", 100+i)
			statuses <- serve(s.env, req).Code
		})
	}
	// Wait (as long as it takes: no timing is asserted) until every
	// request either computes or waits for a slot.
	for deadline := time.Now().Add(time.Minute); ; {
		probe.mu.Lock()
		inFlight := probe.inFlight
		probe.mu.Unlock()
		if inFlight > bound {
			t.Fatalf("%d hashes run at once, above the bound of %d", inFlight, bound)
		}
		if inFlight == bound && hasher.Waiting() == tokens+logins-bound {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d hashes run and %d wait; want %d and %d", inFlight, hasher.Waiting(), bound, tokens+logins-bound)
		}
		time.Sleep(time.Millisecond)
	}
	close(probe.release)
	wg.Wait()
	close(statuses)
	for code := range statuses {
		if code != http.StatusUnauthorized {
			t.Errorf("a wrong secret or password answered %d, want 401", code)
		}
	}
	if calls, peak := len(probe.reset()), probe.peak; calls != tokens+logins || peak > bound {
		t.Errorf("%d hashes, at most %d at once; want %d, at most %d", calls, peak, tokens+logins, bound)
	}
}

// TestTokenEndpointLimitsAttemptsPerClientAndAddress protects the token
// endpoint from guessing and hash floods: wrong attempts are limited per
// client id (whether or not it exists, so the limit reveals nothing) and
// per source address, refused with 429 and a Retry-After; successful ones
// are refunded, so a partner asking for tokens as it should never meets
// the limit.
func TestTokenEndpointLimitsAttemptsPerClientAndAddress(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	secret := s.agency("bank-a", []string{"full_name"}, nil)
	want429 := func(name string, w *httptest.ResponseRecorder) {
		t.Helper()
		ra, err := strconv.Atoi(w.Header().Get("Retry-After"))
		if w.Code != http.StatusTooManyRequests || err != nil || ra < 1 || decode[oauthError](t, w).Error != "temporarily_unavailable" {
			t.Fatalf("%s: %d Retry-After %q %s, want 429 with a Retry-After", name, w.Code, w.Header().Get("Retry-After"), w.Body)
		}
	}

	// Per client id, from ever new addresses: known and unknown alike.
	for _, id := range []string{"bank-a", "bank-unknown"} {
		for i := range share.TokenFailuresPerClient {
			if w := s.tokenFrom(fmt.Sprintf("198.51.100.%d", i+1), id, "a-wrong-secret-of-some-length"); w.Code != http.StatusUnauthorized {
				t.Fatalf("%s attempt %d: %d %s", id, i+1, w.Code, w.Body)
			}
		}
		want429(id+" after the allowed wrong attempts", s.tokenFrom("198.51.100.200", id, "a-wrong-secret-of-some-length"))
	}
	// The client's own right secret waits too, until an attempt is earned back.
	want429("right secret while limited", s.tokenFrom("198.51.100.201", "bank-a", secret))
	s.advance(share.TokenClientRefill)
	wantStatus(t, s.tokenFrom("198.51.100.202", "bank-a", secret), http.StatusOK)

	// Per source address, over ever new client ids.
	for i := range share.TokenFailuresPerAddress {
		if w := s.tokenFrom("192.0.2.77", fmt.Sprintf("probe-%d", i), "a-wrong-secret-of-some-length"); w.Code != http.StatusUnauthorized {
			t.Fatalf("address attempt %d: %d %s", i+1, w.Code, w.Body)
		}
	}
	want429("the address after the allowed wrong attempts", s.tokenFrom("192.0.2.77", "probe-x", "a-wrong-secret-of-some-length"))

	// Successful requests are refunded: far more than the burst pass.
	for i := range 2 * share.TokenFailuresPerAddress {
		if w := s.tokenFrom("192.0.2.88", "bank-a", secret); w.Code != http.StatusOK {
			t.Fatalf("good request %d from one address: %d %s", i+1, w.Code, w.Body)
		}
	}
}
