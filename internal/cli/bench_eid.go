package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"dancu/internal/auth"
	"dancu/internal/bench"
	"dancu/internal/eid"
	"dancu/internal/sqlstore"
)

type eidBenchFlags struct {
	logins, accounts, conns, hashes int
}

func (a *app) benchEIDLoginCommand(f *benchFlags) *cobraCommand {
	var o eidBenchFlags
	cmd := &cobraCommand{
		Use:   "eid-login",
		Short: "Complete VNeID logins (identifier, register and account look-ups, argon2id, device, audit entry) per second, next to bare argon2id hashes in the same run",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.eachLoadedEngine(cmd.Context(), f, func(ctx context.Context, e *benchEnv, db *sqlstore.DB, engine string) error {
				return a.runEIDLoginBench(ctx, db, engine, o)
			})
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&o.logins, "logins", 200, "complete logins measured (argon2id each)")
	fl.IntVar(&o.accounts, "accounts", 1000, "citizens of the register given an active account")
	fl.IntVar(&o.conns, "connections", 8, "concurrent clients (4 per core on 2 cores)")
	fl.IntVar(&o.hashes, "hash-concurrency", auth.DefaultMaxConcurrentHashes, "argon2id computations at once (the server's bound)")
	return cmd
}

// runEIDLoginBench gives a sample of the register active accounts (one
// password hash shared by all: hashing each would only cost set-up
// time), then measures eid.Service.Authenticate by ID number with the
// server's argon2id costs and bound, and bare argon2id verifications with
// the same hasher, costs and clients as the reference.
func (a *app) runEIDLoginBench(ctx context.Context, db *sqlstore.DB, engine string, o eidBenchFlags) error {
	hasher := auth.NewHasher(o.hashes, nil)
	params := auth.DefaultParams
	const password = "mật khẩu đo hiệu năng 2026"
	hash, err := hasher.Hash(ctx, password, params)
	if err != nil {
		return err
	}
	ids, err := db.Bench().SampleCitizenIDs(ctx, o.accounts)
	if err != nil {
		return err
	}
	svc, err := eid.NewService(eid.Config{Store: db.EID(), Tx: db, Registry: db.Citizens(), Audit: db.AuditLog(), Units: db.Units(),
		Hasher: hasher, Params: params, Logger: quietLogger(io.Discard), Now: db.Now})
	if err != nil {
		return err
	}
	accounts, err := giveBenchAccounts(ctx, db, svc, ids, hash)
	if err != nil {
		return err
	}
	numbers := make([]string, len(accounts))
	for i, acc := range accounts {
		numbers[i] = acc.IDNumber
	}
	login := func(i int) error {
		_, err := svc.Authenticate(ctx, eid.Credentials{Identifier: numbers[i%len(numbers)], Password: password, Device: "bench"})
		return err
	}
	bare := func(int) error {
		ok, err := hasher.Verify(ctx, password, hash)
		if err == nil && !ok {
			err = fmt.Errorf("reference hash did not verify")
		}
		return err
	}
	// The reference runs before and after the logins, and their mean is
	// reported, so a change of load on a shared machine during the run
	// weighs on both sides alike.
	before, err := measureParallel(o.logins/2, o.conns, bare)
	if err != nil {
		return err
	}
	m, err := measureParallel(o.logins, o.conns, login)
	if err != nil {
		return err
	}
	after, err := measureParallel(o.logins-o.logins/2, o.conns, bare)
	if err != nil {
		return err
	}
	ref := measured{rate: (before.rate + after.rate) / 2, lat: append(before.lat, after.lat...)}
	fmt.Fprintf(a.out, "bench eid-login %-8s complete logins: %.1f logins/s, %s | reference bare argon2id verify: %.1f/s, %s | argon2id m=%d KiB t=%d p=%d, at most %d hashes at once, %d clients, %d accounts; logins reach %.0f %% of the reference\n",
		engine, m.rate, m.lat.Summary(), ref.rate, ref.lat.Summary(), params.Memory, params.Time, params.Threads, o.hashes, o.conns, len(numbers), 100*m.rate/ref.rate)
	return nil
}

// measureParallel runs n calls of fn from conns goroutines and times each.
func measureParallel(n, conns int, fn func(i int) error) (measured, error) {
	lat := make(bench.Latencies, n)
	start := time.Now()
	err := onGoroutines(max(1, conns), n, func(i int) error {
		t := time.Now()
		if err := fn(i); err != nil {
			return err
		}
		lat[i] = time.Since(t)
		return nil
	})
	if err != nil {
		return measured{}, err
	}
	return measured{rate: float64(n) / time.Since(start).Seconds(), lat: lat}, nil
}
