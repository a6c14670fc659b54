package bench

import (
	"testing"
	"time"
)

const wrkSample = `Running 10s test @ http://127.0.0.1:8080/healthz
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.21ms  502.11us  12.00ms   90.00%
    Req/Sec    26.51k     1.20k   28.00k    70.00%
  Latency Distribution
     50%    1.10ms
     75%    1.40ms
     90%    1.80ms
     99%  850.00us
  263912 requests in 10.00s, 38.50MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  26391.20
Transfer/sec:      3.85MB
`

func TestParseWrk(t *testing.T) {
	r, err := parseWrk(wrkSample)
	if err != nil {
		t.Fatal(err)
	}
	if r.RequestsPerSec != 26391.20 || r.Requests != 263912 || r.Errors != 7 {
		t.Errorf("parsed %+v", r)
	}
	if r.P50 != 1100*time.Microsecond || r.P90 != 1800*time.Microsecond || r.P99 != 850*time.Microsecond {
		t.Errorf("latencies %s %s %s", r.P50, r.P90, r.P99)
	}
	if _, err := parseWrk("garbage"); err == nil {
		t.Error("garbage parsed")
	}
}
