package sqlstore_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

// BenchmarkAuditRecord measures the group-commit writer under parallel
// Record calls (what concurrent API requests do), on both engines. Run
// with -cpu to vary the callers: b.SetParallelism multiplies them.
func BenchmarkAuditRecord(b *testing.B) {
	eachEngineBench(b, func(b *testing.B, _ string, db *sqlstore.DB) {
		w, err := audit.NewWriter(context.Background(), audit.WriterConfig{Store: db.AuditLog(), Signer: newAuditSigner(b)})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { w.Close() })
		b.SetParallelism(benchCallers(b)) // requests in flight per GOMAXPROCS
		b.ResetTimer()
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				e := auditEntry(i)
				e.Time = time.Now()
				if err := w.Record(context.Background(), e); err != nil {
					b.Error(err)
					return
				}
				i++
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "entries/s")
		if commits, entries := db.AuditChainStats(); commits > 0 {
			b.ReportMetric(float64(entries)/float64(commits), "entries/fsync")
		}
	})
}

// benchCallers reads DANCU_BENCH_CALLERS, the callers per GOMAXPROCS
// (default 32: many requests in flight, as under wrk), to measure the
// writer with as few callers as a handful of connections.
func benchCallers(b *testing.B) int {
	v := os.Getenv("DANCU_BENCH_CALLERS")
	if v == "" {
		return 32
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("DANCU_BENCH_CALLERS=%q: want a positive integer", v)
	}
	return n
}
