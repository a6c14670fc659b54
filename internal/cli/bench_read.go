package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"dancu/internal/auth"
	"dancu/internal/bench"
	"dancu/internal/sqlstore"
)

func (a *app) benchReadCommand(f *benchFlags) *cobraCommand {
	var duration time.Duration
	var conns []int
	cmd := &cobraCommand{
		Use:   "read",
		Short: "HTTP point reads by ID number under wrk, next to /healthz in the same run",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.eachLoadedEngine(cmd.Context(), f, func(ctx context.Context, e *benchEnv, db *sqlstore.DB, engine string) error {
				return a.runReadBench(ctx, db, e.dir, engine, duration, conns)
			})
		},
	}
	cmd.Flags().DurationVar(&duration, "duration", 15*time.Second, "length of each wrk run")
	cmd.Flags().IntSliceVar(&conns, "connections", []int{4, 8}, "concurrent connections; each count is a /healthz run and a read run (2 and 4 per core on 2 cores)")
	return cmd
}

func (a *app) runReadBench(ctx context.Context, db *sqlstore.DB, dir, engine string, d time.Duration, conns []int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	password := newPassword()
	svc := a.authService(db)
	if _, err := svc.CreateUser(ctx, "bench", "Benchmark", auth.RoleMinistry, "", password); err != nil {
		if err := svc.ResetPassword(ctx, "bench", password); err != nil {
			return err
		}
	}
	numbers, err := db.Bench().SampleIDNumbers(ctx, 20000)
	if err != nil {
		return err
	}
	base, stop, err := a.benchServer(ctx, db)
	if err != nil {
		return err
	}
	defer stop()
	token, err := login(base, "bench", password)
	if err != nil {
		return err
	}
	script, err := bench.LookupScript(dir, "/api/v1/citizens/by-number/", token, numbers)
	if err != nil {
		return err
	}
	floorDir := db.AuditJournalDir()
	if floorDir == "" {
		floorDir = dir
	}
	floor, err := startFloorServer(floorDir)
	if err != nil {
		return err
	}
	defer floor.Close()
	counts := readAuditCounts(db)
	return wrkPair(ctx, base, script, d, conns, func(n int, health, read bench.WrkResult, use bench.RunUsage) error {
		now := readAuditCounts(db)
		if s := now.since(counts); s != "" {
			fmt.Fprintf(a.out, "bench read %-8s %d connections audit: %s\n", engine, n, s)
		}
		counts = now
		fmt.Fprintf(a.out, "bench read %-8s %d connections /healthz: %s\n", engine, n, health)
		fmt.Fprintf(a.out, "bench read %-8s %d connections GET by ID number: %s\n", engine, n, read)
		fmt.Fprintf(a.out, "bench read %-8s %d connections GET by ID number: %s\n", engine, n, use)
		fmt.Fprintf(a.out, "bench read %-8s %d connections ratio %.0f%% of /healthz req/s (target ≥ 40%%), p99 %s (target < 5ms)\n",
			engine, n, 100*read.RequestsPerSec/health.RequestsPerSec, read.P99)
		if read.Errors > 0 {
			return fmt.Errorf("%d failed requests during the read benchmark", read.Errors)
		}
		return a.reportFloor(ctx, floor, floorDir, engine, n, d, health, read)
	})
}

// serveQuiet serves with request logging at warn level only.
func (a *app) serveQuiet(ctx context.Context, db *sqlstore.DB, addrc chan<- string) error {
	q := *a
	q.log = quietLogger(a.errOut)
	q.noWarmUp = true // steady state: a server warms its dashboards once, at start-up
	return q.serve(ctx, db, "127.0.0.1:0", func(addr string) { addrc <- addr })
}

func login(base, user, password string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		return "", fmt.Errorf("login as %s: status %d %v", user, resp.StatusCode, err)
	}
	return out.Token, nil
}

// reportFloor measures the durable floor at n connections (bench.Floor
// behind floorServer: the least any server can do whose answers wait for
// a durable entry on floorDir's disk) and prints it next to /healthz and the reads.
func (a *app) reportFloor(ctx context.Context, floor *floorServer, floorDir, engine string, n int, d time.Duration, health, read bench.WrkResult) error {
	before := floor.floor.Counts()
	res, err := bench.Wrk(ctx, floor.url, d, n, "")
	if err != nil {
		return err
	}
	after := floor.floor.Counts()
	perSync := 0.0
	if s := after.Syncs - before.Syncs; s > 0 {
		perSync = float64(after.Entries-before.Entries) / float64(s)
	}
	fmt.Fprintf(a.out, "bench read %-8s %d connections durable floor (one entry, group fdatasync, in %s): %s, %.1f per fdatasync = %.0f%% of /healthz; the reads reach %.0f%% of it\n",
		engine, n, floorDir, res, perSync, 100*res.RequestsPerSec/health.RequestsPerSec, 100*read.RequestsPerSec/res.RequestsPerSec)
	if res.Errors > 0 {
		return fmt.Errorf("%d failed requests during the durable floor's run", res.Errors)
	}
	return nil
}
