package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"dancu/internal/sqlstore"
)

// floodServeEnv makes the test binary, re-executed, serve the database it
// names until its standard input closes.
const floodServeEnv = "DANCU_TEST_FLOOD_SERVE_DB"

// TestTokenFloodKeepsServerMemoryBounded reproduces the reported memory
// exhaustion end to end: `dancu serve`, as wired in production (argon2id at
// 64 MiB), runs in its own process; parallel token requests with wrong
// secrets arrive from as many source addresses for as many client ids, so
// no rate limit applies and only the process-wide bound on password
// hashes stands between them and the server's memory. Unbounded, each
// request held 64 MiB at once (forty took a server to 2.7 GB). The test
// logs the server's peak RSS and fails if it exceeds what the bound allows
// with ample room (it measured about 640 MB for 24 requests).
func TestTokenFloodKeepsServerMemoryBounded(t *testing.T) {
	if dsn := os.Getenv(floodServeEnv); dsn != "" {
		serveUntilStdinCloses(t, dsn)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("needs Linux: sources 127.0.0.2… and /proc")
	}
	const parallel = 24
	const limit = 1 << 30 // 4 slots × 64 MiB live, plus the GC's headroom, is about 640 MB
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "flood.db")
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), floodServeEnv+"="+dsn)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	addr := ""
	for sc := bufio.NewScanner(stdout); sc.Scan(); {
		if a, ok := strings.CutPrefix(sc.Text(), "SERVING "); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		t.Fatal("the server did not start")
	}
	go io.Copy(io.Discard, stdout)

	var wg sync.WaitGroup
	statuses := make([]int, parallel)
	for i := range parallel {
		wg.Go(func() {
			// Each request from its own loopback address, for its own id.
			src := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+i))}
			client := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{LocalAddr: src}).DialContext}}
			res, err := client.PostForm("http://"+addr+"/api/v1/oauth/token", url.Values{"grant_type": {"client_credentials"},
				"client_id": {fmt.Sprintf("probe-%d", i)}, "client_secret": {"a-wrong-secret-of-some-length"}})
			if err != nil {
				t.Errorf("request %d: %v", i, err)
				return
			}
			res.Body.Close()
			statuses[i] = res.StatusCode
		})
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusUnauthorized && !t.Failed() {
			t.Errorf("request %d: %d, want 401 (each came from its own address for its own id)", i, s)
		}
	}
	peak := peakRSS(t, cmd.Process.Pid)
	t.Logf("%d parallel wrong secrets: server peak RSS %d MiB", parallel, peak>>20)
	if peak > limit {
		t.Errorf("server peak RSS %d MiB, above %d MiB: password hashes are not bounded", peak>>20, limit>>20)
	}
}

// serveUntilStdinCloses is the child: dancu serve on a free port, which
// it prints, until the parent closes its standard input.
func serveUntilStdinCloses(t *testing.T, dsn string) {
	dir := filepath.Dir(strings.TrimPrefix(dsn, "sqlite:"))
	a := &app{out: io.Discard, errOut: io.Discard, log: quietLogger(io.Discard), cscaFile: filepath.Join(dir, "none.pem"), db: dsn}
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { io.Copy(io.Discard, os.Stdin); cancel() }()
	err = a.serve(ctx, db, "127.0.0.1:0", func(addr string) { fmt.Println("SERVING " + addr) })
	if err != nil {
		t.Fatal(err)
	}
}

// peakRSS is VmHWM of process pid, in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}
