package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

// BenchmarkAuditedChange measures one change with its audit entry, as the
// register's writes run it: a row written and the entry appended in one
// transaction, committed. It shows what durability costs a write (one
// fsync of the WAL per commit, then the intent's move onto the chain).
func BenchmarkAuditedChange(b *testing.B) {
	eachEngineBench(b, func(b *testing.B, _ string, db *sqlstore.DB) {
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

// BenchmarkAuditAppend measures the chain's group commits without their
// fsync (the writer's syncer runs that beside them), per entry, for
// batches of a relying party's disclosures (indexed by citizen and relying
// party) and of officers' reads (also by user), on a log of 25,000
// entries. The pages each entry dirties are its cost: a random leaf of
// each index keyed by a citizen or a user, written to the WAL and later
// copied by a checkpoint.
func BenchmarkAuditAppend(b *testing.B) {
	for _, shape := range []string{"relying-party", "officer"} {
		for _, n := range []int{6, 20} {
			b.Run(fmt.Sprintf("%s/batch=%d", shape, n), func(b *testing.B) {
				db, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(b.TempDir(), "a.db"), sqlstore.Options{})
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
				r := rand.New(rand.NewPCG(1, 2))
				batch := func(n int) {
					es := make([]audit.Entry, n)
					for i := range es {
						c := fmt.Sprintf("%012d", r.IntN(1_000_000))
						es[i] = audit.Entry{Time: time.Now(), Role: "relying_party", Action: "oidc.userinfo", Route: "/oidc",
							CitizenIDs: []string{c}, AgencyID: "rp-bench", OnBehalfOf: "acct-" + c,
							Fields:  []string{"birth_date", "full_name", "id_number", "nationality", "sex"},
							Purpose: "Đăng nhập bằng tài khoản định danh điện tử (OpenID Connect)", Result: "ok"}
						if shape == "officer" {
							es[i].UserID, es[i].AgencyID, es[i].OnBehalfOf = fmt.Sprint("user-", r.IntN(10_000)), "", ""
						}
					}
					if err := db.AuditLog().AppendAuditUnsynced(context.Background(), func(h audit.Head) (audit.Batch, error) {
						return audit.Batch{Records: audit.Chain(h.Seq, h.Hash, es)}, nil
					}); err != nil {
						b.Fatal(err)
					}
				}
				for range 50 {
					batch(500)
				}
				for b.Loop() {
					batch(n)
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/entry")
			})
		}
	}
}
