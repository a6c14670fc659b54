package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/pgtest"
	"dancu/internal/sqlstore"
)

// BenchmarkAuditedChange measures one change with its audit entry, as the
// register's writes run it: a row written and the entry appended in one
// transaction, committed. It shows what durability costs a write (one
// fsync of the WAL per commit, then the intent's move onto the chain).
func BenchmarkAuditedChange(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			dsn := "sqlite:" + filepath.Join(b.TempDir(), "change.db")
			if engine == "postgres" {
				dsn = pgtest.NewDatabase(b)
			}
			db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			i := 0
			for b.Loop() {
				i++
				err := db.InTx(context.Background(), func(ctx context.Context) error {
					if _, err := db.SQL().ExecContext(ctx, `SELECT 1`); err != nil {
						return err
					}
					e := auditEntry(i)
					e.Time = time.Now()
					e.RequestID = fmt.Sprint("change-", i)
					return audit.AppendWithin(ctx, db.AuditLog(), e)
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
