package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"dancu/internal/sqlstore"
)

// printStorage prints the register's size per citizen (issue 14: at most
// 1.5 KB on SQLite, history, audit and indexes included) and where the
// bytes go, per file, table and index.
func (a *app) printStorage(ctx context.Context, db *sqlstore.DB, engine string) error {
	s, err := db.Bench().Storage(ctx)
	if err != nil {
		return err
	}
	citizens, err := db.Bench().CitizenCount(ctx)
	if err != nil {
		return err
	}
	per := 0.0
	if citizens > 0 {
		per = float64(s.Total) / float64(citizens)
	}
	fmt.Fprintf(a.out, "bench import %-8s storage: %s for %d citizens, %.0f bytes per citizen (target ≤ 1,500 on SQLite)\n",
		engine, humanBytes(s.Total), citizens, per)
	for _, p := range s.Parts {
		if p.Bytes < 64<<10 && p.Kind != "file" {
			continue // the many small tables of other capabilities
		}
		fmt.Fprintf(a.out, "  %-5s %-44s %10s  %6.0f B/citizen\n", p.Kind, p.Name, humanBytes(p.Bytes), float64(p.Bytes)/max(float64(citizens), 1))
	}
	return nil
}

// processPeakRSS is the process's peak resident set size in bytes (Linux reports
// ru_maxrss in KiB).
func processPeakRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Maxrss << 10
}

// processCPU is the CPU time (user and system) the process has used: on a
// shared machine, CPU per operation is steadier than a rate.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage is the machine's 1, 5 and 15-minute load, printed next to
// figures measured on a shared machine.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
}
