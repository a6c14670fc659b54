package sqlstore_test

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

// BenchmarkAuditEntrySize measures the audit log's storage per entry, for
// docs/OPERATIONS.md's growth figures: it records DANCU_BENCH_AUDIT_N
// entries (default 50,000) through the group-commit writer, half of them an
// officer's read of one record and half an agency's verification with
// purpose and legal basis, and reports the audit tables' growth (indexes
// included) divided by the count: SQLite's dbstat pages of the chain's
// file, PostgreSQL's pg_total_relation_size. Run with -benchtime=1x; b.N
// does not change the count.
func BenchmarkAuditEntrySize(b *testing.B) {
	n := 50000
	if v := os.Getenv("DANCU_BENCH_AUDIT_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("DANCU_BENCH_AUDIT_N=%q: a positive count", v)
		}
	}
	eachEngineBench(b, func(b *testing.B, engine string, db *sqlstore.DB) {
		ctx := context.Background()
		w, err := audit.NewWriter(ctx, audit.WriterConfig{Store: db.AuditLog(), Signer: newAuditSigner(b)})
		if err != nil {
			b.Fatal(err)
		}
		before := auditBytes(b, db.AuditSQL(), engine)
		recordRealistic(b, w, n)
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		after := auditBytes(b, db.AuditSQL(), engine)
		b.ReportMetric(float64(after-before)/float64(n), "bytes/entry")
		b.ReportMetric(float64(n), "entries")
	})
}

// recordRealistic records n entries from 32 callers, as parallel requests do.
func recordRealistic(b *testing.B, w *audit.Writer, n int) {
	b.Helper()
	officer, agencyID := uuid.Must(uuid.NewV7()).String(), "bank-vcb"
	errs := make(chan error, 32)
	for c := range 32 {
		go func() {
			for i := c; i < n; i += 32 {
				e := audit.Entry{Time: time.Now(), RequestID: uuid.Must(uuid.NewV7()).String()[:24], Result: "ok",
					CitizenIDs: []string{uuid.Must(uuid.NewV7()).String()}}
				if i%2 == 0 {
					e.UserID, e.Username, e.Role, e.Unit = officer, "xa.thanhsen", "commune", "18073"
					e.Action, e.Route = "citizen.read", "GET /api/v1/citizens/{id}"
				} else {
					e.AgencyID, e.Action, e.Route = agencyID, "verify.match", "POST /api/v1/verify/match"
					e.Purpose, e.LegalBasis = "kyc", "Nghị định 69/2024/NĐ-CP"
					e.Fields = []string{"full_name", "birth_date"}
				}
				if err := w.Record(context.Background(), e); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 32 {
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
}

// auditBytes is the space of the audit log's tables and indexes.
func auditBytes(b *testing.B, db *sql.DB, engine string) int64 {
	b.Helper()
	q := `SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE '%audit%'`
	if engine == "postgres" {
		q = `SELECT coalesce(sum(pg_total_relation_size(oid)), 0) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'audit%'`
	}
	var n int64
	if err := db.QueryRow(q).Scan(&n); err != nil {
		b.Fatalf("measure the audit tables: %v", err)
	}
	return n
}
