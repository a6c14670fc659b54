package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/blobstore"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/residence"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
	"dancu/internal/wire"
)

func (a *app) benchProceduresCommand(f *benchFlags) *cobraCommand {
	var n, workers, batch int
	cmd := &cobraCommand{
		Use:   "procedures",
		Short: "Residence dossiers approved per second (register change, findings, events, audit), next to plain record corrections in the same run",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if a.db != "" {
				// --db: a register loaded before (a 1M import takes half
				// an hour on a busy machine); the run changes it.
				return a.proceduresBenchOn(cmd.Context(), n, workers, batch)
			}
			return a.eachLoadedEngine(cmd.Context(), f, func(ctx context.Context, e *benchEnv, db *sqlstore.DB, engine string) error {
				return a.runProceduresBench(ctx, db, e.dir, engine, n, workers, batch)
			})
		},
	}
	cmd.Flags().IntVar(&n, "dossiers", 3000, "dossiers received and approved (and records corrected for the reference)")
	cmd.Flags().IntVar(&workers, "workers", 4, "concurrent officers")
	cmd.Flags().IntVar(&batch, "batch", 50, "dossiers per batch approval (procedure.Service.TakeAll)")
	return cmd
}

// proceduresBenchOn runs the scenario on the database --db names.
func (a *app) proceduresBenchOn(ctx context.Context, n, workers, batch int) error {
	db, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	dir, err := os.MkdirTemp("", "dancu-bench-procedures-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	return a.runProceduresBench(ctx, db, dir, db.Engine(), n, workers, batch)
}

// benchOfficers are a province's two officers: one receives, the other
// approves (as maker-checker kinds demand).
var (
	benchMaker   = auth.User{ID: "bench-1", Username: "bench.maker", Role: auth.RoleProvince, Unit: "42"}
	benchChecker = auth.User{ID: "bench-2", Username: "bench.checker", Role: auth.RoleProvince, Unit: "42"}
)

func (a *app) runProceduresBench(ctx context.Context, db *sqlstore.DB, dir, engine string, n, workers, batch int) error {
	blobs, err := blobstore.New(dir+"/blobs", make([]byte, blobstore.KeySize))
	if err != nil {
		return err
	}
	svc := wire.New(db, wire.Config{Logger: quietLogger(io.Discard), Blobs: blobs})
	people, err := benchPeople(ctx, db, svc.Register.Store(), 2*n)
	if err != nil {
		return err
	}
	if len(people) < 2*n {
		return fmt.Errorf("only %d living people with a commune sampled, need %d", len(people), 2*n)
	}
	communes := units.Default().Communes(auth.UnitList, "42")
	ids := make([]string, n)
	recv, err := timed(n, workers, func(i int) error {
		c := people[i]
		to := communes[i%len(communes)].Code
		if to == c.Permanent.Commune {
			to = communes[(i+1)%len(communes)].Code
		}
		form, _ := json.Marshal(residence.TemporaryForm{Members: []residence.Member{{CitizenID: c.ID}}, Commune: to,
			Address: "Số 1", Until: pdate.FromTime(time.Now().AddDate(1, 0, 0)),
			Accommodation: residence.Accommodation{Basis: "rented", LookupRef: "HĐ-" + c.ID[:8]}, Consent: residence.Consent{OnForm: true}})
		d, err := svc.Procedures.Receive(ctx, benchMaker, procedure.NewDossier{Kind: residence.TemporaryKind.Meta.Code, Form: form,
			Applicant: procedure.Applicant{FullName: c.FullName, Relation: "self", CitizenID: c.ID}}, benchTrail(benchMaker))
		ids[i] = d.ID
		return err
	})
	if err != nil {
		return fmt.Errorf("receive: %w", err)
	}
	half := n / 2
	approve, err := timed(half, workers, func(i int) error {
		_, err := svc.Procedures.Take(ctx, benchChecker, procedure.Step{DossierID: ids[i], Action: procedure.ActApprove}, benchTrail(benchChecker))
		return err
	})
	if err != nil {
		return fmt.Errorf("approve: %w", err)
	}
	// The other half in the desk's batches (one commit per batch).
	batches := (n - half + batch - 1) / batch
	batched, err := timed(batches, workers, func(b int) error {
		var steps []procedure.Step
		for i := half + b*batch; i < min(n, half+(b+1)*batch); i++ {
			steps = append(steps, procedure.Step{DossierID: ids[i], Action: procedure.ActApprove})
		}
		_, err := svc.Procedures.TakeAll(ctx, benchChecker, steps, benchTrail(benchChecker))
		return err
	})
	if err != nil {
		return fmt.Errorf("approve in batches: %w", err)
	}
	batched *= float64(n-half) / float64(batches)
	correct, err := timed(n, workers, func(i int) error {
		c := people[n+i]
		_, err := svc.Register.Correct(ctx, benchChecker, registry.Correction{ID: c.ID, Version: c.Version, Reason: "bench: số điện thoại",
			Apply: func(z *registry.Citizen) error { z.Phone = fmt.Sprintf("09%08d", i); return nil }}, benchTrail(benchChecker))
		return err
	})
	if err != nil {
		return fmt.Errorf("correct: %w", err)
	}
	fmt.Fprintf(a.out, "bench procedures %-8s %d tạm trú dossiers, %d workers: receive %.0f/s; approve one per commit %.0f dossiers/s, in batches of %d %.0f dossiers/s (target ≥ 500); plain correction %.0f records/s (one per commit); approve/correct %.0f%%\n",
		engine, n, workers, recv, approve, batch, batched, correct, 100*approve/correct)
	return nil
}

func benchTrail(u auth.User) audit.Entry {
	return audit.Entry{UserID: u.ID, Username: u.Username, Role: string(u.Role), Unit: u.Unit, Route: "bench procedures"}
}

// benchPeople samples living people of the register with a registered
// permanent residence.
func benchPeople(ctx context.Context, db *sqlstore.DB, st registry.Store, n int) ([]registry.Citizen, error) {
	numbers, err := db.Bench().SampleIDNumbers(ctx, 2*n)
	if err != nil {
		return nil, err
	}
	var out []registry.Citizen
	for _, num := range numbers {
		c, err := st.CitizenByIDNumber(ctx, num)
		if err != nil {
			return nil, err
		}
		if c.Status == registry.Alive && c.Permanent.Registered() && c.Permanent.Commune != "" && len(out) < n {
			out = append(out, c)
		}
	}
	return out, nil
}

// timed runs fn(0..n-1) on workers goroutines and returns calls per
// second; the first error stops it.
func timed(n, workers int, fn func(i int) error) (float64, error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	start := time.Now()
	for w := 0; w < max(workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { first = err })
					next.Store(int64(n))
					return
				}
			}
		}()
	}
	wg.Wait()
	return float64(n) / time.Since(start).Seconds(), first
}
