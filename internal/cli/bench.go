package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dancu/internal/pgserver"
	"dancu/internal/sqlstore"
	"dancu/internal/synth"
	"dancu/internal/units"
)

type benchFlags struct {
	people   int
	engines  string
	postgres string
	dir      string
	keep     bool
	loaded   string
}

func (a *app) benchCommand() *cobraCommand {
	var f benchFlags
	cmd := &cobraCommand{Use: "bench", Short: "End-to-end benchmark scenarios; each prints its figure next to a same-run reference"}
	pf := cmd.PersistentFlags()
	pf.IntVar(&f.people, "people", 1_000_000, "population size (generated, province 42)")
	pf.StringVar(&f.engines, "engines", "sqlite,postgres", "engines to measure")
	pf.StringVar(&f.postgres, "postgres", "", "PostgreSQL server DSN (default: start a throwaway server with initdb/pg_ctl)")
	pf.StringVar(&f.dir, "dir", "", "working folder for generated files and SQLite databases (default: a temporary folder)")
	pf.BoolVar(&f.keep, "keep", false, "keep the working folder")
	pf.StringVar(&f.loaded, "loaded", "", "measure a register already loaded (sqlite:PATH, e.g. DIR/bench-1.db kept by bench import --keep, or a PostgreSQL DSN) instead of importing the population: at 10M the import is most of the run. The bench writes to it (a user, audit entries)")
	cmd.AddCommand(a.benchImportCommand(&f), a.benchSearchCommand(&f), a.benchReadCommand(&f))
	cmd.AddCommand(a.benchDedupeCommand(&f))
	cmd.AddCommand(a.benchVerifyCommand(&f))
	cmd.AddCommand(a.benchCardsCommand())
	cmd.AddCommand(a.benchOIDCCommand(&f))
	cmd.AddCommand(a.benchEIDLoginCommand(&f))
	cmd.AddCommand(a.benchProceduresCommand(&f))
	cmd.AddCommand(a.benchCredentialCommand())
	return cmd
}

// benchEnv is the working folder, the generated population and the
// databases of one bench run.
type benchEnv struct {
	f      *benchFlags
	dir    string
	file   string
	pg     *pgserver.Server
	pgSeq  int
	closer []func()
}

func (a *app) newBenchEnv(f *benchFlags) (*benchEnv, error) {
	e := &benchEnv{f: f, dir: f.dir}
	if e.dir == "" {
		d, err := os.MkdirTemp("", "dancu-bench-")
		if err != nil {
			return nil, err
		}
		e.dir = d
		if !f.keep {
			e.closer = append(e.closer, func() { os.RemoveAll(d) })
		}
	}
	e.file = filepath.Join(e.dir, fmt.Sprintf("population-42-%d.csv", f.people))
	if _, err := os.Stat(e.file); err != nil {
		start := time.Now()
		st, err := synth.WriteFile(e.file, synth.Options{Province: "42", People: f.people, Seed: 42}, "")
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(a.out, "generate: %d rows in %s\n", st.Rows, time.Since(start).Round(time.Millisecond))
	}
	return e, nil
}

func (e *benchEnv) close() {
	for i := len(e.closer) - 1; i >= 0; i-- {
		e.closer[i]()
	}
}

// freshDSN returns an empty database of an engine.
func (e *benchEnv) freshDSN(engine string) (string, error) {
	e.pgSeq++
	if engine == "sqlite" {
		path := filepath.Join(e.dir, fmt.Sprintf("bench-%d.db", e.pgSeq))
		sqlstore.RemoveSQLite(path)
		return "sqlite:" + path, nil
	}
	if engine != "postgres" {
		return "", fmt.Errorf("unknown engine %q", engine)
	}
	if e.f.postgres != "" {
		return e.f.postgres, nil
	}
	if e.pg == nil {
		s, err := pgserver.StartDurable() // production durability: fsync at commit
		if err != nil {
			return "", err
		}
		e.pg = s
		e.closer = append(e.closer, func() { s.Stop() })
	}
	return e.pg.CreateDatabase(fmt.Sprintf("bench_%d", e.pgSeq))
}

// loaded imports the population into a fresh database of engine.
func (a *app) loaded(ctx context.Context, e *benchEnv, engine string) (*sqlstore.DB, float64, error) {
	dsn, err := e.freshDSN(engine)
	if err != nil {
		return nil, 0, err
	}
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Units: units.Default()})
	if err != nil {
		return nil, 0, err
	}
	start := time.Now()
	info, err := a.importFile(ctx, db, e.file, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), importFlags{actor: "bench", chunk: 2000, noProgress: true, report: filepath.Join(e.dir, "bench.errors.csv")})
	if err != nil {
		db.Close()
		return nil, 0, err
	}
	return db, float64(info.Stats.Rows) / time.Since(start).Seconds(), nil
}

// eachLoadedEngine loads the population into each engine in turn and runs
// fn on it.
func (a *app) eachLoadedEngine(ctx context.Context, f *benchFlags, fn func(ctx context.Context, e *benchEnv, db *sqlstore.DB, engine string) error) error {
	if f.loaded != "" {
		return a.onLoadedRegister(ctx, f, fn)
	}
	e, err := a.newBenchEnv(f)
	if err != nil {
		return err
	}
	defer e.close()
	for _, engine := range strings.Split(f.engines, ",") {
		db, _, err := a.loaded(ctx, e, engine)
		if err != nil {
			return fmt.Errorf("%s: %w", engine, err)
		}
		if err := db.Bench().Settle(ctx); err != nil {
			db.Close()
			return fmt.Errorf("%s: %w", engine, err)
		}
		err = fn(ctx, e, db, engine)
		db.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", engine, err)
		}
	}
	return nil
}

// onLoadedRegister runs fn on the register --loaded names, without
// generating or importing anything; the engine is the DSN's.
func (a *app) onLoadedRegister(ctx context.Context, f *benchFlags, fn func(ctx context.Context, e *benchEnv, db *sqlstore.DB, engine string) error) error {
	engine := "postgres"
	if strings.HasPrefix(f.loaded, "sqlite:") {
		engine = "sqlite"
		if _, err := os.Stat(strings.TrimPrefix(f.loaded, "sqlite:")); err != nil {
			return fmt.Errorf("--loaded: %w", err) // Open would create an empty register
		}
	}
	dir := f.dir
	if dir == "" {
		d, err := os.MkdirTemp("", "dancu-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	db, err := sqlstore.Open(ctx, f.loaded, sqlstore.Options{Units: units.Default()})
	if err != nil {
		return fmt.Errorf("--loaded: %w", err)
	}
	defer db.Close()
	if err := db.Bench().Settle(ctx); err != nil {
		return fmt.Errorf("%s: %w", engine, err)
	}
	if err := fn(ctx, &benchEnv{f: f, dir: dir}, db, engine); err != nil {
		return fmt.Errorf("%s: %w", engine, err)
	}
	return nil
}

func (a *app) benchImportCommand(f *benchFlags) *cobraCommand {
	return &cobraCommand{
		Use:   "import",
		Short: "Import rows/s with validation, indexes and history, against the raw engine insert rate",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			e, err := a.newBenchEnv(f)
			if err != nil {
				return err
			}
			defer e.close()
			for _, engine := range strings.Split(f.engines, ",") {
				db, rate, err := a.loaded(cmd.Context(), e, engine)
				if err != nil {
					return fmt.Errorf("%s: %w", engine, err)
				}
				fmt.Fprintf(a.out, "bench import %-8s peak RSS of the process after the import: %s; load average %s\n", engine, humanBytes(processPeakRSS()), loadAverage())
				if err := a.printStorage(cmd.Context(), db, engine); err != nil {
					db.Close()
					return fmt.Errorf("%s: %w", engine, err)
				}
				n, raw, err := db.Bench().RawInsertRate(cmd.Context())
				db.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", engine, err)
				}
				fmt.Fprintf(a.out, "bench import %-8s %d rows: dancu import %.0f rows/s; raw engine insert %.0f rows/s; ratio %.0f%% (target ≥ 50%%)\n",
					engine, n, rate, raw, 100*rate/raw)
			}
			return nil
		},
	}
}
