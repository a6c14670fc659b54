package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestFlowClient: the flows' client sends method, headers and body as
// written, reads fixed-length, chunked and long answers and error
// statuses, keeps its connection across calls, and opens a new one after
// the server closes it (Connection: close, or an idle connection dropped).
func TestFlowClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/echo":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, r.Method+" "+r.Header.Get("Authorization")+" "+string(body))
		case "/chunked":
			for _, s := range []string{"a", "b", "c"} {
				io.WriteString(w, s)
				w.(http.Flusher).Flush()
			}
		case "/close":
			w.Header().Set("Connection", "close")
			io.WriteString(w, "bye")
		case "/long":
			io.WriteString(w, strings.Repeat("x", 100_000))
		case "/too-long":
			io.WriteString(w, strings.Repeat("x", flowBodyMax+1))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	fc := &flowClient{addr: strings.TrimPrefix(srv.URL, "http://")}
	defer fc.close()
	steps := []struct {
		name      string
		req       flowRequest
		status    int
		body      string
		dropIdle  bool // the server closes idle connections before the call
		wantDials int
	}{
		{"POST with a body", flowRequest{method: http.MethodPost, path: "/echo", header: [][2]string{{"Authorization", "Basic eA=="}}, body: []byte("k=v")},
			200, "POST Basic eA== k=v", false, 1},
		{"GET on the same connection", flowRequest{method: http.MethodGet, path: "/echo", header: [][2]string{{"Authorization", "Bearer t"}}},
			200, "GET Bearer t ", false, 1},
		{"chunked answer", flowRequest{method: http.MethodGet, path: "/chunked"}, 200, "abc", false, 1},
		{"not found", flowRequest{method: http.MethodGet, path: "/nowhere"}, 404, "404 page not found\n", false, 1},
		{"long answer", flowRequest{method: http.MethodGet, path: "/long"}, 200, strings.Repeat("x", 100_000), false, 1},
		{"short answer after a long one", flowRequest{method: http.MethodGet, path: "/chunked"}, 200, "abc", false, 1},
		{"server closes after answering", flowRequest{method: http.MethodGet, path: "/close"}, 200, "bye", false, 1},
		{"new connection after a close", flowRequest{method: http.MethodGet, path: "/chunked"}, 200, "abc", false, 2},
		{"idle connection dropped by the server", flowRequest{method: http.MethodPost, path: "/echo", body: []byte("again")},
			200, "POST  again", true, 3},
	}
	for _, st := range steps {
		if st.dropIdle {
			srv.CloseClientConnections()
		}
		var status int
		var body string
		err := fc.do(st.req, func(s int, b []byte) error {
			status, body = s, string(b)
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if status != st.status || body != st.body {
			t.Errorf("%s: %d %q, want %d %q", st.name, status, body, st.status, st.body)
		}
		if fc.dials != st.wantDials {
			t.Errorf("%s: %d connections opened, want %d", st.name, fc.dials, st.wantDials)
		}
	}
	if err := fc.do(flowRequest{method: http.MethodGet, path: "/too-long"}, func(int, []byte) error { return nil }); err == nil {
		t.Error("an answer past flowBodyMax was read")
	}
}

// TestBenchOIDCOnALoadedRegister runs the OpenID Connect benchmark's flows
// (tokens with PKCE and client_secret_basic, userinfo) and a complete login
// through the real provider on a small register: every flow must be
// answered as the benchmark checks it, or the run fails.
func TestBenchOIDCOnALoadedRegister(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := "sqlite:" + filepath.Join(dir, "t.db")
	file := filepath.Join(dir, "p.csv")
	mustRun(t, "generate", "--province", "42", "--people", "200", "--seed", "7", "--out", file)
	mustRun(t, "import", "--db", db, "--as-of", "2026-01-01", "--no-progress", "--check-duplicates=false", file)
	out := mustRun(t, "--db", db, "--keys", filepath.Join(dir, "keys"), "bench", "oidc", "--accounts", "10", "--flows", "60", "--logins", "1", "--connections", "4")
	for _, want := range []string{"reference GET /oidc/jwks", "code→tokens + userinfo", "closed loop", "CPU per flow", "complete logins"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the output:\n%s", want, out)
		}
	}
	// Open loop: 60 flows offered at 200 a second take at least 0.3 s.
	start := time.Now()
	out = mustRun(t, "--db", db, "--keys", filepath.Join(dir, "keys"), "bench", "oidc", "--accounts", "10", "--flows", "60", "--logins", "1", "--connections", "4", "--rate", "200")
	if !strings.Contains(out, "open loop at 200 offered") {
		t.Errorf("no open-loop line in the output:\n%s", out)
	}
	if rate := regexp.MustCompile(`userinfo: (\d+) flows/s`).FindStringSubmatch(out); rate == nil {
		t.Errorf("no flows/s in the output:\n%s", out)
	} else if n, _ := strconv.Atoi(rate[1]); n > 210 {
		t.Errorf("offered 200 flows/s open loop, measured %d", n)
	}
	if time.Since(start) < 300*time.Millisecond {
		t.Errorf("60 flows at 200 a second took %v", time.Since(start))
	}
}
