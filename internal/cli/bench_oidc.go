package cli

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/bench"
	"dancu/internal/eid"
	"dancu/internal/idp"
	"dancu/internal/sqlstore"
	"dancu/internal/web/idpweb"
	"dancu/internal/wire"
)

type oidcBenchFlags struct {
	flows, logins, accounts, conns int
	hashes                         int
	// rate, when set, offers the flows open loop at that many a second.
	rate float64
}

func (a *app) benchOIDCCommand(f *benchFlags) *cobraCommand {
	var o oidcBenchFlags
	cmd := &cobraCommand{
		Use:   "oidc",
		Short: "OpenID Connect provider: code→tokens + userinfo flows/s and p99, and complete logins with argon2id, next to the JWKS in the same run",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if a.db != "" {
				// --db: measure a register loaded before (a 1M import
				// takes long on a busy machine) instead of loading one.
				return a.oidcBenchOn(cmd.Context(), o)
			}
			return a.eachLoadedEngine(cmd.Context(), f, func(ctx context.Context, e *benchEnv, db *sqlstore.DB, engine string) error {
				return a.runOIDCBench(ctx, db, e.dir, engine, o)
			})
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&o.flows, "flows", 20000, "code→tokens + userinfo flows measured")
	fl.IntVar(&o.logins, "logins", 200, "complete logins measured (argon2id each)")
	fl.IntVar(&o.accounts, "accounts", 2000, "citizens of the register given an account (hashing a million passwords takes hours)")
	fl.IntVar(&o.conns, "connections", 8, "concurrent clients (4 per core on 2 cores)")
	fl.IntVar(&o.hashes, "hash-concurrency", auth.DefaultMaxConcurrentHashes, "argon2id computations at once (the server's bound)")
	fl.Float64Var(&o.rate, "rate", 0, "offer the flows open loop at this many a second: each flow is due at its place in the schedule and its latency counts from then, so a provider that falls behind shows it (0: closed loop, each connection starts its next flow when the last one ends)")
	return cmd
}

// oidcBench is one provider under load.
type oidcBench struct {
	svc    *idp.Service
	base   string
	client idp.Client
	secret string
	// basicAuth is the client_secret_basic header of client and secret.
	basicAuth string
	// flows is the measured calls' client; http, with redirects left to
	// the caller, walks the login pages.
	flows    *flowClient
	http     *http.Client
	numbers  []string // ID numbers of the accounts
	accounts *benchAccounts
	mu       sync.Mutex
	next     int
}

func (a *app) runOIDCBench(ctx context.Context, db *sqlstore.DB, dir, engine string, o oidcBenchFlags) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b, closeAll, err := a.startOIDCBench(ctx, db, dir, o)
	if err != nil {
		return err
	}
	defer closeAll()
	ref, err := b.measure(o.flows, o.conns, func(i int) error { return b.get(idpweb.PathJWKS) })
	if err != nil {
		return err
	}
	// Each flow's code is minted in process, a round before its timed
	// token request (codes live a minute; a long run would outlive them).
	counts := readAuditCounts(db)
	flows, err := b.measurePrepared(o.flows, o.conns, o.rate, func(int) (any, error) {
		return b.mintCode(ctx)
	}, func(v any) error { return b.redeemAndUserinfo(v.([2]string)) })
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "bench oidc %-8s reference GET /oidc/jwks: %.0f req/s, %s, CPU %s per request\n", engine, ref.rate, ref.lat.Summary(), ref.cpuPer.Round(time.Microsecond))
	loop := "closed loop"
	if o.rate > 0 {
		loop = fmt.Sprintf("open loop at %.0f offered", o.rate)
	}
	fmt.Fprintf(a.out, "bench oidc %-8s code→tokens + userinfo: %.0f flows/s (target ≥ 2,000), %s (target p99 < 20ms), %d connections, %s, %d accounts in %s\n",
		engine, flows.rate, flows.lat.Summary(), o.conns, loop, len(b.numbers), "the register")
	fmt.Fprintf(a.out, "bench oidc %-8s CPU per flow, server and clients (2,000 flows/s on 2 cores needs < 1ms): %s; load average %s\n",
		engine, flows.cpuPer.Round(time.Microsecond), loadAverage())
	after := readAuditCounts(db)
	if s := after.since(counts); s != "" {
		fmt.Fprintf(a.out, "bench oidc %-8s audit during the flows: %s\n", engine, s)
	}
	if s := after.writtenPer(counts, o.flows, "flow"); s != "" {
		fmt.Fprintf(a.out, "bench oidc %-8s writes during the flows: %s\n", engine, s)
	}
	return a.benchLogins(ctx, b, engine, o)
}

type measured struct {
	rate float64
	lat  bench.Latencies
	// cpuPer is the process's CPU time per timed call, server and
	// clients together.
	cpuPer time.Duration
}

// oidcBenchOn runs the scenario on the database --db names.
func (a *app) oidcBenchOn(ctx context.Context, o oidcBenchFlags) error {
	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	dir, err := os.MkdirTemp("", "dancu-bench-oidc-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	return a.runOIDCBench(ctx, db, dir, db.Engine(), o)
}

// measure runs n calls of f on conns goroutines and times each.
func (b *oidcBench) measure(n, conns int, f func(i int) error) (measured, error) {
	return b.measurePrepared(n, conns, 0, func(int) (any, error) { return nil, nil }, func(v any) error { return f(0) })
}

// measurePrepared is measure with an untimed preparation of each call.
// Calls are prepared a round at a time, on conns goroutines, before the
// clock runs for that round: the rate counts only the timed calls (the
// preparation, e.g. a login minting a code, is not what is measured, and
// run between timed calls it took their CPU), and a round is short enough
// for its codes to outlive it (they live a minute).
// measurePrepared times f over n prepared values on conns goroutines, in
// rounds (prep runs untimed between them). With rate > 0 the values are
// offered open loop: value i of a round is due i/rate after the round
// starts, waits for its time, and its latency is measured from when it was
// due, so time spent queued behind a busy provider counts (no coordinated
// omission).
func (b *oidcBench) measurePrepared(n, conns int, rate float64, prep func(i int) (any, error), f func(v any) error) (measured, error) {
	lat := make(bench.Latencies, n)
	round := max(conns, 1) * 64
	var elapsed, cpu time.Duration
	for lo := 0; lo < n; lo += round {
		hi := min(n, lo+round)
		vals := make([]any, hi-lo)
		if err := onGoroutines(conns, hi-lo, func(i int) (err error) {
			vals[i], err = prep(lo + i)
			return err
		}); err != nil {
			return measured{}, err
		}
		start, cpu0 := time.Now(), processCPU()
		err := onGoroutines(conns, hi-lo, func(i int) error {
			t := time.Now()
			if rate > 0 {
				t = start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
				time.Sleep(time.Until(t))
			}
			if err := f(vals[i]); err != nil {
				return err
			}
			lat[lo+i] = time.Since(t)
			return nil
		})
		elapsed += time.Since(start)
		cpu += processCPU() - cpu0
		if err != nil {
			return measured{}, err
		}
	}
	return measured{rate: float64(n) / elapsed.Seconds(), lat: lat, cpuPer: cpu / time.Duration(max(n, 1))}, nil
}

// onGoroutines runs f(0..n-1) on conns goroutines, stopping at the first
// error.
func onGoroutines(conns, n int, f func(i int) error) error {
	var next int
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range conns {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := firstErr != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					firstErr = cmp.Or(firstErr, err)
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return firstErr
}

// benchAccounts are real VNeID accounts of sampled citizens (the eid
// service over the register's store), as the provider sees them: Usable
// reads the account on every token request and userinfo answer. The
// measured flows' codes are minted without hashing (the front channel is
// not what they time); complete logins verify argon2id through the eid
// service's bounded hasher, as the server does.
type benchAccounts struct {
	real     wire.OIDCAccounts
	byNumber map[string]benchAccount
	slowPwd  bool
}

const benchPassword = "mật-khẩu-bench-2026"

func (ba *benchAccounts) Authenticate(ctx context.Context, identifier, password string) (idp.Principal, error) {
	if ba.slowPwd {
		return ba.real.Authenticate(ctx, identifier, password)
	}
	acc, ok := ba.byNumber[identifier]
	if !ok || password != benchPassword {
		return idp.Principal{}, apperr.New(apperr.Unauthenticated, "wrong identifier or password")
	}
	return idp.Principal{AccountID: acc.ID, CitizenID: acc.CitizenID, Level: acc.Level, AuthTime: time.Now(), Methods: []string{"pwd"}}, nil
}

func (ba *benchAccounts) Usable(ctx context.Context, accountID string) error {
	return ba.real.Usable(ctx, accountID)
}

func (a *app) startOIDCBench(ctx context.Context, db *sqlstore.DB, dir string, o oidcBenchFlags) (*oidcBench, func(), error) {
	ids, err := db.Bench().SampleCitizenIDs(ctx, o.accounts)
	if err != nil {
		return nil, nil, err
	}
	hasher := auth.NewHasher(o.hashes, nil)
	hash, err := hasher.Hash(ctx, benchPassword, auth.DefaultParams)
	if err != nil {
		return nil, nil, err
	}
	eidSvc, err := eid.NewService(eid.Config{Store: db.EID(), Tx: db, Registry: db.Citizens(), Audit: db.AuditLog(), Units: db.Units(),
		Hasher: hasher, Params: auth.DefaultParams, Logger: quietLogger(io.Discard), Now: db.Now})
	if err != nil {
		return nil, nil, err
	}
	accounts, err := giveBenchAccounts(ctx, db, eidSvc, ids, hash)
	if err != nil {
		return nil, nil, err
	}
	acc := &benchAccounts{real: wire.OIDCAccounts{EID: eidSvc}, byNumber: map[string]benchAccount{}}
	for _, a := range accounts {
		acc.byNumber[a.IDNumber] = a
	}
	ring, err := idp.OpenKeyRing(filepath.Join(dir, fmt.Sprintf("oidc-keys-%d", time.Now().UnixNano())), time.Now())
	if err != nil {
		return nil, nil, err
	}
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	w, err := audit.NewWriter(ctx, audit.WriterConfig{Store: db.AuditLog(), Spool: db.AuditLog().Spool(), Signer: audit.NewSigner(key)})
	if err != nil {
		return nil, nil, err
	}
	svc := wire.New(db, wire.Config{Logger: quietLogger(io.Discard), OIDC: wire.OIDCConfig{Keys: ring, Accounts: acc, Audit: w}}).OIDC
	c, secret, err := svc.CreateClient(ctx, idp.Client{ID: fmt.Sprintf("bench-%d", time.Now().UnixNano()%1e9), Name: "Bench", LegalBasis: "bench",
		RedirectURIs: []string{"https://rp.example/cb"}, Scopes: []string{"openid", "profile", "id_number"}, AuthMethod: idp.AuthSecretBasic})
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	h, err := idpweb.New(idpweb.Config{Service: svc, Issuer: "", Logger: quietLogger(io.Discard)})
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	tr := &http.Transport{MaxIdleConnsPerHost: 64, MaxIdleConns: 64}
	b := &oidcBench{svc: svc, base: "http://" + ln.Addr().String(), client: c, secret: secret, numbers: slices.Collect(maps.Keys(acc.byNumber)), accounts: acc,
		basicAuth: "Basic " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(c.ID)+":"+url.QueryEscape(secret))),
		flows:     &flowClient{addr: ln.Addr().String()},
		http:      &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	return b, func() { b.flows.close(); srv.Close(); w.Close() }, nil
}

// pkcePair is a verifier and its S256 challenge.
func pkcePair() (string, string) {
	v := make([]byte, 32)
	rand.Read(v)
	verifier := base64.RawURLEncoding.EncodeToString(v)
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// mintCode runs the front channel in process (request, login without
// hashing, code) for one flow; consent is not asked for codes minted so.
func (b *oidcBench) mintCode(ctx context.Context) ([2]string, error) {
	verifier, challenge := pkcePair()
	req, err := b.svc.Start(ctx, b.client, idp.AuthRequest{RedirectURI: b.client.RedirectURIs[0], Scopes: b.client.Scopes, CodeChallenge: challenge})
	if err != nil {
		return [2]string{}, err
	}
	b.mu.Lock()
	id := b.numbers[b.next%len(b.numbers)]
	b.next++
	b.mu.Unlock()
	if _, err := b.svc.Login(ctx, req.ID, id, benchPassword); err != nil {
		return [2]string{}, err
	}
	code, _, err := b.svc.IssueCode(ctx, req.ID)
	return [2]string{code, verifier}, err
}
