package cli

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dancu/internal/pgtest"
)

// TestTwoServersShareAgencyRateLimit runs two `dancu serve` on one
// PostgreSQL database and has an agency call both as fast as it can for
// three seconds: the calls the two servers accept together stay within the
// agency's one limit (burst + rate × time), not twice it, and every
// refused call is answered 429 with a Retry-After.
func TestTwoServersShareAgencyRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two servers under load")
	}
	const rate, burst = 20.0, 10
	dsn := pgtest.NewDatabase(t)
	dir := t.TempDir()
	flags := seededDeployment(t, dsn, dir, 20, 13)
	secret := createAgency(t, flags, "insurer", "--rate", strconv.Itoa(int(rate)), "--burst", strconv.Itoa(burst))
	numbers := sampleNumbers(t, dsn, 10)
	servers, _ := startServersOnOneDatabase(t, 2, dsn, dir)
	var tokens []string
	for _, srv := range servers {
		tok, err := agencyToken(srv.base, "insurer", secret)
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, tok)
	}

	var accepted, refused, noRetryAfter, other atomic.Int64
	client := &http.Client{Timeout: 10 * time.Second}
	start := time.Now()
	deadline := start.Add(3 * time.Second)
	var wg sync.WaitGroup
	for i, srv := range servers {
		for g := range 4 {
			wg.Go(func() {
				for n := g; time.Now().Before(deadline); n++ {
					body := `{"id_number":"` + numbers[n%len(numbers)] + `","full_name":"X","purpose":"kyc"}`
					req, _ := http.NewRequest("POST", srv.base+"/api/v1/verify/match", strings.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+tokens[i])
					req.Header.Set("Content-Type", "application/json")
					resp, err := client.Do(req)
					if err != nil {
						other.Add(1)
						continue
					}
					resp.Body.Close()
					switch resp.StatusCode {
					case http.StatusOK:
						accepted.Add(1)
					case http.StatusTooManyRequests:
						refused.Add(1)
						if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s < 1 {
							noRetryAfter.Add(1)
						}
					default:
						other.Add(1)
					}
				}
			})
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	limit := burst + rate*elapsed.Seconds()
	t.Logf("two servers in %s: %d accepted (one limit allows %.0f), %d refused with 429, %d other answers",
		elapsed.Round(time.Millisecond), accepted.Load(), limit, refused.Load(), other.Load())
	if float64(accepted.Load()) > limit {
		t.Errorf("the two servers accepted %d calls; the agency's limit allows %.0f in %s", accepted.Load(), limit, elapsed.Round(time.Millisecond))
	}
	if refused.Load() == 0 || accepted.Load() < burst {
		t.Fatalf("%d accepted, %d refused: the load did not reach the limit", accepted.Load(), refused.Load())
	}
	if noRetryAfter.Load() > 0 {
		t.Errorf("%d refusals had no Retry-After of at least a second", noRetryAfter.Load())
	}
	if other.Load() > 0 {
		t.Errorf("%d calls got neither 200 nor 429", other.Load())
	}
}
