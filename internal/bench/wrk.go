package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// WrkResult is what one wrk run measured.
type WrkResult struct {
	RequestsPerSec float64
	P50, P90, P99  time.Duration
	Requests       int
	Errors         int // socket errors plus non-2xx/3xx responses
}

func (r WrkResult) String() string {
	return fmt.Sprintf("%.0f req/s, p50 %s, p90 %s, p99 %s, %d requests, %d errors",
		r.RequestsPerSec, r.P50, r.P90, r.P99, r.Requests, r.Errors)
}

// Wrk runs the wrk load tool against url for d with the given
// connections, optionally with a Lua script.
func Wrk(ctx context.Context, url string, d time.Duration, conns int, script string) (WrkResult, error) {
	path, err := exec.LookPath("wrk")
	if err != nil {
		return WrkResult{}, fmt.Errorf("wrk is not installed (apt-get install wrk): %w", err)
	}
	args := []string{"-t1", fmt.Sprintf("-c%d", conns), fmt.Sprintf("-d%ds", int(d.Seconds())), "--latency"}
	if script != "" {
		args = append(args, "-s", script)
	}
	out, err := exec.CommandContext(ctx, path, append(args, url)...).CombinedOutput()
	if err != nil {
		return WrkResult{}, fmt.Errorf("wrk: %v: %s", err, out)
	}
	return parseWrk(string(out))
}

// parseWrk reads wrk's text report.
func parseWrk(out string) (WrkResult, error) {
	var r WrkResult
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.RequestsPerSec, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && (f[0] == "50%" || f[0] == "90%" || f[0] == "99%"):
			d, err := parseWrkDuration(f[1])
			if err != nil {
				return r, err
			}
			*map[string]*time.Duration{"50%": &r.P50, "90%": &r.P90, "99%": &r.P99}[f[0]] = d
		case len(f) >= 2 && f[1] == "requests" && f[2] == "in":
			r.Requests, _ = strconv.Atoi(f[0])
		case len(f) == 5 && f[0] == "Non-2xx":
			n, _ := strconv.Atoi(f[4])
			r.Errors += n
		case len(f) > 2 && f[0] == "Socket" && f[1] == "errors:":
			for i := 2; i+1 < len(f); i += 2 {
				n, _ := strconv.Atoi(strings.TrimSuffix(f[i+1], ","))
				r.Errors += n
			}
		}
	}
	if r.RequestsPerSec == 0 {
		return r, fmt.Errorf("wrk output not understood: %s", out)
	}
	return r, nil
}

// parseWrkDuration reads wrk's "1.23ms", "456.00us", "1.02s".
func parseWrkDuration(s string) (time.Duration, error) {
	s = strings.Replace(s, "us", "µs", 1)
	return time.ParseDuration(s)
}

// LookupScript writes a wrk Lua script that requests path+number for
// numbers drawn round-robin from numbers, with a bearer token.
func LookupScript(dir, pathPrefix, token string, numbers []string) (string, error) {
	var b strings.Builder
	b.WriteString("local ids = {\n")
	for _, n := range numbers {
		fmt.Fprintf(&b, "%q,\n", n)
	}
	b.WriteString("}\nlocal i = 0\n")
	fmt.Fprintf(&b, "wrk.headers[\"Authorization\"] = \"Bearer %s\"\n", token)
	fmt.Fprintf(&b, "request = function()\n  i = i %% #ids + 1\n  return wrk.format(\"GET\", %q .. ids[i])\nend\n", pathPrefix)
	path := filepath.Join(dir, "lookup.lua")
	return path, os.WriteFile(path, []byte(b.String()), 0o600)
}
