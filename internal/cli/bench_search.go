package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"dancu/internal/bench"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
)

// sampleNames draws n (folded name, birth year) pairs from the register.
func sampleNames(ctx context.Context, db *sqlstore.DB, n int) ([][2]any, error) {
	total, err := db.Citizens().CountCitizens(ctx)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(7, 7))
	if total == 0 {
		return nil, nil
	}
	positions := make([]int, n)
	for i := range positions {
		positions[i] = rng.IntN(total)
	}
	names, years, err := db.Bench().NameKeysAt(ctx, positions)
	if err != nil {
		return nil, err
	}
	out := make([][2]any, n)
	for i := range out {
		out[i] = [2]any{names[i], years[i]}
	}
	return out, nil
}

func (a *app) benchSearchCommand(f *benchFlags) *cobraCommand {
	var queries int
	cmd := &cobraCommand{
		Use:   "search",
		Short: "Accent-insensitive name search latency (p50/p95/p99) on the loaded population",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.eachLoadedEngine(cmd.Context(), f, func(ctx context.Context, e *benchEnv, db *sqlstore.DB, engine string) error {
				return a.runSearchBench(ctx, db, engine, queries)
			})
		},
	}
	cmd.Flags().IntVar(&queries, "queries", 500, "queries per kind")
	return cmd
}

func (a *app) runSearchBench(ctx context.Context, db *sqlstore.DB, engine string, n int) error {
	samples, err := sampleNames(ctx, db, n)
	if err != nil {
		return err
	}
	kinds := []struct {
		name  string
		query func(name string, year int) string
	}{
		{"full name + year", func(name string, year int) string { return fmt.Sprintf("%s %d", name, year) }},
		{"full name", func(name string, _ int) string { return name }},
		{"surname + middle", func(name string, _ int) string {
			w := strings.Fields(name)
			return strings.Join(w[:min(2, len(w))], " ")
		}},
	}
	for _, k := range kinds {
		var lat bench.Latencies
		hits := 0
		for _, s := range samples {
			q := registry.ParseSearch(k.query(s[0].(string), s[1].(int)))
			q.Limit = 20
			start := time.Now()
			page, err := db.Citizens().Search(ctx, q)
			lat = append(lat, time.Since(start))
			if err != nil {
				return err
			}
			if len(page.Items) > 0 {
				hits++
			}
		}
		fmt.Fprintf(a.out, "bench search %-8s %-17s %s (%d/%d found; target p95 < 50ms)\n", engine, k.name, lat.Summary(), hits, len(samples))
	}
	q := registry.ParseSearch("nguyen van hung 1990")
	page, err := db.Citizens().Search(ctx, q)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "bench search %-8s \"nguyen van hung 1990\": %d hits", engine, len(page.Items))
	if len(page.Items) > 0 {
		fmt.Fprintf(a.out, ", first %s born %s", page.Items[0].FullName, page.Items[0].BirthDate)
	}
	fmt.Fprintln(a.out)
	return nil
}
