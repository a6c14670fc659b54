package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"dancu/internal/bench"
	"dancu/internal/share"
	"dancu/internal/sqlstore"
	"dancu/internal/textfold"
)

// mosipTPS is MOSIP's published authentication throughput (50 TPS at a
// p95 of 112 ms), the reference the issue sets.
const mosipTPS = 50

const verifyAgent = "bench-verifier"

func (a *app) benchVerifyCommand(f *benchFlags) *cobraCommand {
	var duration time.Duration
	var conns []int
	cmd := &cobraCommand{
		Use:   "verify",
		Short: "Agency match verifications/s under wrk (audit on), next to /healthz in the same run; with --db-read, next to the single server's figure",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if len(a.dbRead.dsns) > 0 && (f.postgres == "" || f.engines != "postgres") {
				return fmt.Errorf("--db-read needs --engines postgres and --postgres, the primary's DSN of the database the standby replicates")
			}
			return a.eachLoadedEngine(cmd.Context(), f, func(ctx context.Context, e *benchEnv, db *sqlstore.DB, engine string) error {
				return a.runVerifyBench(ctx, db, e, engine, duration, conns)
			})
		},
	}
	cmd.Flags().DurationVar(&duration, "duration", 15*time.Second, "length of each wrk run")
	cmd.Flags().IntSliceVar(&conns, "connections", []int{8, 12, 16}, "concurrent connections; each count is a /healthz run and a verify run")
	return cmd
}

func (a *app) runVerifyBench(ctx context.Context, db *sqlstore.DB, e *benchEnv, engine string, d time.Duration, conns []int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	secret, err := a.benchAgency(ctx, db)
	if err != nil {
		return err
	}
	bodies, err := matchBodies(ctx, db, 20000)
	if err != nil {
		return err
	}
	base, stop, err := a.benchServer(ctx, db)
	if err != nil {
		return err
	}
	defer stop()
	token, err := agencyToken(base, verifyAgent, secret)
	if err != nil {
		return err
	}
	script, err := matchScript(e.dir, token, bodies)
	if err != nil {
		return err
	}
	if len(a.dbRead.dsns) > 0 {
		return a.runVerifyReplicaBench(ctx, db, e.f.postgres, engine, script, d, conns)
	}
	return wrkPair(ctx, base, script, d, conns, func(n int, health, v bench.WrkResult, use bench.RunUsage) error {
		fmt.Fprintf(a.out, "bench verify %-8s %d connections /healthz: %s\n", engine, n, health)
		fmt.Fprintf(a.out, "bench verify %-8s %d connections POST /verify/match: %s\n", engine, n, v)
		fmt.Fprintf(a.out, "bench verify %-8s %d connections POST /verify/match: %s\n", engine, n, use)
		fmt.Fprintf(a.out, "bench verify %-8s %d connections %.0f verifications/s (target ≥ 10,000) = %.0f%% of /healthz, p99 %s (target < 10ms); MOSIP 50 TPS, p95 112 ms: ×%.0f throughput\n",
			engine, n, v.RequestsPerSec, 100*v.RequestsPerSec/health.RequestsPerSec, v.P99, v.RequestsPerSec/mosipTPS)
		if v.Errors > 0 {
			return fmt.Errorf("%d failed requests during the verify benchmark", v.Errors)
		}
		return nil
	})
}

// benchAgency registers (or re-keys) the benchmark agency with a rate
// limit that never binds.
func (a *app) benchAgency(ctx context.Context, db *sqlstore.DB) (string, error) {
	svc := a.shareService(db)
	secret := share.NewSecret()
	hash, err := svc.HashSecret(secret)
	if err != nil {
		return "", err
	}
	ag := share.Agency{ID: verifyAgent, Name: "Benchmark", LegalBasis: "benchmark", Purposes: []share.Purpose{{Name: "kyc"}},
		Fields: []string{"full_name", "birth_date", "sex"}, RatePerSec: 1e9, Burst: 1e9, Status: share.Active, CreatedAt: utcNow()}
	if err := db.Sharing().CreateAgency(ctx, ag, hash); err != nil {
		if err := db.Sharing().SetAgencySecret(ctx, verifyAgent, hash); err != nil {
			return "", err
		}
	}
	return secret, nil
}

// matchBodies builds match requests for sampled citizens; names are
// folded to ASCII so the Lua script needs no Unicode escapes (matching is
// accent-insensitive anyway).
func matchBodies(ctx context.Context, db *sqlstore.DB, n int) ([]string, error) {
	ids, err := db.Bench().SampleIdentities(ctx, n)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		b, _ := json.Marshal(map[string]string{"id_number": id.IDNumber, "full_name": textfold.Fold(id.FullName), "birth_date": id.BirthDate, "purpose": "kyc"})
		out[i] = string(b)
	}
	return out, nil
}

func matchScript(dir, token string, bodies []string) (string, error) {
	var b strings.Builder
	b.WriteString("local bodies = {\n")
	for _, body := range bodies {
		b.WriteString(strconv.Quote(body) + ",\n")
	}
	b.WriteString("}\nlocal i = 0\n")
	fmt.Fprintf(&b, "wrk.headers[\"Authorization\"] = \"Bearer %s\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n", token)
	b.WriteString("request = function()\n  i = i % #bodies + 1\n  return wrk.format(\"POST\", \"/api/v1/verify/match\", nil, bodies[i])\nend\n")
	path := filepath.Join(dir, "verify.lua")
	return path, os.WriteFile(path, []byte(b.String()), 0o600)
}

func agencyToken(base, id, secret string) (string, error) {
	resp, err := http.PostForm(base+"/api/v1/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}})
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.AccessToken == "" {
		return "", fmt.Errorf("agency token: status %d %v", resp.StatusCode, err)
	}
	return out.AccessToken, nil
}
