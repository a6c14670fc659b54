package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"dancu/internal/pgtest"
	"dancu/internal/sqlstore"
)

// TestServeKilledUnderReadLoadLosesNoAcknowledgedRead is the crash test of
// the audit log's promise: a real `dancu serve` answers point reads from
// eight parallel clients and is killed with SIGKILL in the middle of
// them. Every read whose response arrived must have its audit entry on
// the log the next process opens, and the log must verify.
func TestServeKilledUnderReadLoadLosesNoAcknowledgedRead(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a server under load")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "people.csv")
	mustRun(t, "generate", "--province", "42", "--people", "300", "--seed", "5", "--out", file)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			run := t.TempDir()
			dsn := pgtest.DSN(t, engine, filepath.Join(run, "data", "dancu.db"))
			flags := []string{"--db", dsn, "--data", filepath.Join(run, "data"), "--keys", filepath.Join(run, "keys")}
			mustRun(t, append(append([]string{"import", "--no-progress", "--as-of", "2026-01-01"}, flags...), file)...)
			out := mustRun(t, append([]string{"user", "create", "doctest", "--role", "ministry"}, flags...)...)
			password := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out)
			if password == nil {
				t.Fatalf("no password in %q", out)
			}
			numbers := sampleNumbers(t, dsn, 100)

			acked, total := readUntilKilled(t, flags, password[1], numbers)
			t.Logf("%s: %d reads acknowledged before the kill", engine, len(acked))
			if len(acked) < 50 {
				t.Fatalf("only %d reads were answered before the kill: the test proves little", len(acked))
			}
			if engine == "sqlite" {
				// The server spooled reads' entries to the audit journal:
				// the kill left some there, off the chain, for the next
				// process to move.
				backlog, err := sqlstore.AuditJournalBacklog(context.Background(), strings.TrimPrefix(dsn, "sqlite:"))
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("sqlite: %d entries in the audit journal, not yet on the chain, at the kill", backlog)
				if backlog == 0 {
					t.Error("the kill left no entry in the audit journal: the test did not exercise its recovery")
				}
			}
			logged := loggedRequests(t, dsn)
			missing := 0
			for id := range acked {
				if !logged[id] {
					missing++
				}
			}
			if missing > 0 {
				t.Errorf("%d of %d acknowledged reads have no audit entry (%d requests sent)", missing, len(acked), total)
			}
			if out := mustRun(t, append([]string{"audit", "verify"}, flags...)...); !strings.Contains(out, "audit log intact") {
				t.Errorf("audit verify after the kill: %s", out)
			}
		})
	}
}

func sampleNumbers(t *testing.T, dsn string, n int) []string {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	numbers, err := db.Bench().SampleIDNumbers(context.Background(), n)
	if err != nil || len(numbers) == 0 {
		t.Fatalf("sample numbers: %d, %v", len(numbers), err)
	}
	return numbers
}

// readUntilKilled starts `dancu serve`, reads by number from eight clients
// and kills the server once a few hundred reads are answered. It returns
// the request ids of the answered reads.
func readUntilKilled(t *testing.T, flags []string, password string, numbers []string) (map[string]bool, int64) {
	t.Helper()
	srv := startServeProcess(t, flags)
	base, cmd := srv.base, srv.cmd
	token, err := login(base, "doctest", password)
	if err != nil {
		srv.stop()
		t.Fatal(err)
	}
	var mu sync.Mutex
	acked := map[string]bool{}
	var sent atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for g := range 8 {
		wg.Go(func() {
			for i := g; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest("GET", base+"/api/v1/citizens/by-number/"+numbers[i%len(numbers)], nil)
				req.Header.Set("Authorization", "Bearer "+token)
				sent.Add(1)
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				var body map[string]any
				derr := json.NewDecoder(resp.Body).Decode(&body)
				resp.Body.Close()
				if derr == nil && resp.StatusCode == http.StatusOK {
					mu.Lock()
					acked[resp.Header.Get("X-Request-ID")] = true
					mu.Unlock()
				}
			}
		})
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 400 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL) // mid-flight: no shutdown, no final checkpoint
	err = cmd.Wait()
	close(stop)
	wg.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the server was not killed: %v", err)
	}
	return acked, sent.Load()
}

// loggedRequests lists the request ids of the log's entries.
func loggedRequests(t *testing.T, dsn string) map[string]bool {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]bool{}
	for after := int64(0); ; {
		recs, err := db.AuditLog().AuditRecords(context.Background(), after, 5000)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			out[r.Entry.RequestID] = true
		}
		if len(recs) < 5000 {
			return out
		}
		after = recs[len(recs)-1].Seq
	}
}
