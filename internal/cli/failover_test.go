package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/pgformation"
	"dancu/internal/sqlstore"
)

// TestFailoverLosesNoAcknowledgedWrite runs `dancu serve` on a
// pg_auto_failover formation (monitor, primary, standby on loopback)
// through the formation's multi-host URI, under a load of corrections,
// audited reads, agencies' audited verifications and imports, and kills the
// primary with SIGKILL. Every acknowledged correction, import, read and
// verification (their audit entries) must be on the promoted standby, no
// correction may be applied twice, the service must resume, and the audit
// log must verify. The time from the SIGKILL to the first write
// acknowledged after it is reported, not asserted.
func TestFailoverLosesNoAcknowledgedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a pg_auto_failover formation and kills its primary")
	}
	requireFormation(t)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	f, err := pgformation.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Stop()
	dsn, err := f.URI()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("formation URI: %s", sqlstore.RedactDSN(dsn))
	run := t.TempDir()
	flags := seededDeployment(t, dsn, run, 120, 7)
	password := createUser(t, flags, "ha.tinh", "province", "42")
	secret := createAgency(t, flags, "insurer")
	numbers := sampleNumbers(t, dsn, 40)

	srv := startServeProcess(t, flags)
	defer srv.stop()
	token, err := login(srv.base, "ha.tinh", password)
	if err != nil {
		t.Fatal(err)
	}
	agency, err := agencyToken(srv.base, "insurer", secret)
	if err != nil {
		t.Fatal(err)
	}
	load := startLoad(t, srv.base, token, numbers[:6], numbers[6:], run, flags)
	verifier := &mixedLoad{base: srv.base, token: agency, done: load.done, verified: map[string]bool{}}
	client := &http.Client{Timeout: 40 * time.Second}
	for g := range 2 {
		verifier.wg.Go(func() { verifier.verify(client, g, numbers[6:]) })
	}
	// Kill the primary once writes flow (a loaded machine starts slowly).
	for deadline := time.Now().Add(60 * time.Second); load.writes.Load() < 30 && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
	}
	before := load.writes.Load()
	old, killed, err := f.KillPrimary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	load.killedAt.Store(&killed)
	t.Logf("SIGKILL %s after %d acknowledged writes", old, before)
	promoted, err := f.WaitPrimary(ctx, old, 90*time.Second)
	if err != nil {
		load.stop()
		t.Fatal(err)
	}
	t.Logf("%s promoted %s after the kill", promoted, time.Since(killed).Round(100*time.Millisecond))
	// Keep the load on until writes have resumed for a while.
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if w := load.firstWriteAfter.Load(); w != nil && time.Since(*w) > 5*time.Second {
			break
		}
	}
	load.stop()
	verifier.wg.Wait()
	srv.stop()
	w := load.firstWriteAfter.Load()
	if w == nil {
		t.Fatalf("no write succeeded after the failover (%d before it)", before)
	}
	t.Logf("REPORT time from the SIGKILL of the primary to the first write acknowledged after it: %s (target < 15 s); %d writes, %d audited reads, %d verifications, %d imports acknowledged",
		w.Sub(killed).Round(100*time.Millisecond), load.writes.Load(), len(load.reads), len(verifier.verified), load.imports)
	if len(verifier.verified) == 0 {
		t.Errorf("no verification was answered: the load did not include them")
	}
	load.verified = verifier.verified
	load.check(t, dsn)
	if out := mustRun(t, append([]string{"audit", "verify"}, flags...)...); !strings.Contains(out, "audit log intact") {
		t.Errorf("audit verify after the failover: %s", out)
	}
}

// requireFormation skips without pg_auto_failover, except in CI.
func requireFormation(t *testing.T) {
	t.Helper()
	if err := pgformation.Available(); err != nil {
		if v := strings.ToLower(os.Getenv("CI")); v == "true" || v == "1" {
			t.Fatalf("pg_auto_failover is required in CI: %v", err)
		}
		t.Skip(err)
	}
}

// createAgency creates an agency allowed to verify (more: other flags of
// `agency create`), and returns its client secret.
func createAgency(t *testing.T, flags []string, id string, more ...string) string {
	t.Helper()
	out := mustRun(t, append(append([]string{"agency", "create", id, "--name", "BHXH", "--legal-basis", "Luật BHXH 2024",
		"--purpose", "kyc", "--fields", "id_number,full_name,birth_date,death_date", "--events", "citizen.died"}, more...), flags...)...)
	_, secret, ok := strings.Cut(out, "client_secret: ")
	if !ok {
		t.Fatalf("no client secret in %q", out)
	}
	secret, _, _ = strings.Cut(secret, "\n")
	return secret
}

func createUser(t *testing.T, flags []string, name, role, unit string) string {
	t.Helper()
	out := mustRun(t, append([]string{"user", "create", name, "--role", role, "--unit", unit}, flags...)...)
	password := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out)
	if password == nil {
		t.Fatalf("no password in %q", out)
	}
	return password[1]
}

// mixedLoad is the failover test's clients: one editor per citizen (each
// correction sets a phone number never used before, under an
// Idempotency-Key), readers of other citizens, and an importer of small
// batches.
type mixedLoad struct {
	base, token string
	done        chan struct{}
	wg          sync.WaitGroup

	mu       sync.Mutex
	edits    map[string]map[string]string // citizen id -> acknowledged phone -> request id
	reads    map[string]bool              // request ids of acknowledged reads
	verified map[string]bool              // request ids of acknowledged verifications
	imported map[int64]int                // acknowledged import batch -> citizens it inserted
	imports  int

	writes          atomic.Int64
	killedAt        atomic.Pointer[time.Time]
	firstWriteAfter atomic.Pointer[time.Time]
}

func startLoad(t *testing.T, base, token string, editNumbers, readNumbers []string, dir string, flags []string) *mixedLoad {
	l := &mixedLoad{base: base, token: token, done: make(chan struct{}), edits: map[string]map[string]string{}, reads: map[string]bool{},
		imported: map[int64]int{}}
	client := &http.Client{Timeout: 40 * time.Second}
	for i, n := range editNumbers {
		l.wg.Go(func() { l.edit(client, i, n) })
	}
	for g := range 3 {
		l.wg.Go(func() { l.read(client, g, readNumbers) })
	}
	l.wg.Go(func() { l.importLoop(t, dir, flags) })
	return l
}

func (l *mixedLoad) stop() {
	select {
	case <-l.done:
	default:
		close(l.done)
	}
	l.wg.Wait()
}

func (l *mixedLoad) stopped() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

// acked counts an acknowledged write, and the first one sent after the
// kill (one in flight at the kill may have committed before it).
func (l *mixedLoad) acked(sent time.Time) {
	l.writes.Add(1)
	if k := l.killedAt.Load(); k != nil && sent.After(*k) && l.firstWriteAfter.Load() == nil {
		now := time.Now()
		l.firstWriteAfter.CompareAndSwap(nil, &now)
	}
}

func (l *mixedLoad) do(client *http.Client, method, path, key string, body any) (int, map[string]any, string) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, l.base+path, r)
	req.Header.Set("Authorization", "Bearer "+l.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, ""
	}
	defer resp.Body.Close()
	var out map[string]any
	if json.NewDecoder(resp.Body).Decode(&out) != nil {
		return 0, nil, ""
	}
	return resp.StatusCode, out, resp.Header.Get("X-Request-ID")
}

// edit corrects one citizen's phone number again and again. An answer
// other than 200 leaves the outcome to the check: the version is read
// again before the next correction.
func (l *mixedLoad) edit(client *http.Client, worker int, number string) {
	id, version := "", 0
	for seq := 1; !l.stopped(); seq++ {
		if id == "" || version == 0 {
			code, c, _ := l.do(client, "GET", "/api/v1/citizens/by-number/"+number, "", nil)
			if code != 200 {
				time.Sleep(200 * time.Millisecond)
				continue
			}
			id, _ = c["id"].(string)
			v, _ := c["version"].(float64)
			version = int(v)
		}
		phone := fmt.Sprintf("09%02d%06d", worker, seq)
		sent := time.Now()
		code, c, reqID := l.do(client, "PATCH", "/api/v1/citizens/"+id, uuid.NewString(),
			map[string]any{"reason": "kiểm thử chuyển đổi dự phòng", "version": version, "changes": map[string]string{"phone": phone}})
		if code != 200 {
			version = 0
			time.Sleep(100 * time.Millisecond)
			continue
		}
		v, _ := c["version"].(float64)
		version = int(v)
		l.mu.Lock()
		if l.edits[id] == nil {
			l.edits[id] = map[string]string{}
		}
		l.edits[id][phone] = reqID
		l.mu.Unlock()
		l.acked(sent)
	}
}

// read reads citizens by number; an answered read must have its entry.
func (l *mixedLoad) read(client *http.Client, g int, numbers []string) {
	for i := g; !l.stopped(); i++ {
		code, _, reqID := l.do(client, "GET", "/api/v1/citizens/by-number/"+numbers[i%len(numbers)], "", nil)
		if code == 200 {
			l.mu.Lock()
			l.reads[reqID] = true
			l.mu.Unlock()
		} else {
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// verify asks agencies' match verifications (audited) of the numbers; an
// answered one must have its audit entry.
func (l *mixedLoad) verify(client *http.Client, g int, numbers []string) {
	for i := g; !l.stopped(); i++ {
		code, _, reqID := l.do(client, "POST", "/api/v1/verify/match", "", map[string]string{"id_number": numbers[i%len(numbers)], "full_name": "X", "purpose": "kyc"})
		if code == 200 {
			l.mu.Lock()
			l.verified[reqID] = true
			l.mu.Unlock()
		} else {
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// importReport is the line `dancu import` prints for a batch.
var importReport = regexp.MustCompile(`batch (\d+) \S+: \d+ rows, (\d+) inserted`)

// importLoop imports small generated batches with `dancu import`; a batch
// whose command succeeded is acknowledged.
func (l *mixedLoad) importLoop(t *testing.T, dir string, flags []string) {
	for seed := 100; !l.stopped(); seed++ {
		file := filepath.Join(dir, fmt.Sprintf("batch-%d.csv", seed))
		if _, _, code := run(t, "generate", "--province", "42", "--people", "15", "--seed", fmt.Sprint(seed), "--out", file); code != 0 {
			return
		}
		sent := time.Now()
		cmd := exec.Command(os.Args[0], append(append([]string{"import", "--no-progress", "--as-of", "2026-01-01"}, flags...), file)...)
		cmd.Env = append(os.Environ(), cliTestMainEnv+"=1")
		out, err := cmd.Output()
		m := importReport.FindStringSubmatch(string(out))
		if err != nil || m == nil {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		batch, _ := strconv.ParseInt(m[1], 10, 64)
		inserted, _ := strconv.Atoi(m[2])
		l.mu.Lock()
		l.imported[batch] = inserted
		l.imports++
		l.mu.Unlock()
		l.acked(sent)
	}
}

// check compares what was acknowledged with what the database holds.
func (l *mixedLoad) check(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	logged := loggedRequests(t, dsn)
	lost, twice, unlogged := 0, 0, 0
	for id, acked := range l.edits {
		hist, err := db.Citizens().History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		applied := map[string]int{}
		for _, v := range hist {
			if v.Number > 1 {
				applied[v.Data.Phone]++
			}
		}
		for phone, n := range applied {
			if n > 1 {
				twice++
				t.Errorf("citizen %s: phone %s applied in %d versions", id, phone, n)
			}
		}
		for phone, reqID := range acked {
			if applied[phone] == 0 {
				lost++
				t.Errorf("citizen %s: acknowledged correction to %s is not in its history", id, phone)
			}
			if !logged[reqID] {
				unlogged++
			}
		}
	}
	for _, acked := range []map[string]bool{l.reads, l.verified} {
		for reqID := range acked {
			if !logged[reqID] {
				unlogged++
			}
		}
	}
	for batch, inserted := range l.imported {
		ids, err := db.Citizens().CitizenIDsOfBatch(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != inserted {
			lost++
			t.Errorf("acknowledged import batch %d inserted %d citizens; the database holds %d of them", batch, inserted, len(ids))
		}
	}
	if unlogged > 0 {
		t.Errorf("%d acknowledged requests have no audit entry", unlogged)
	}
	t.Logf("checked: %d citizens corrected, %d import batches, %d lost, %d applied twice, %d reads, verifications and corrections without audit entry",
		len(l.edits), len(l.imported), lost, twice, unlogged)
}
