package sqlstore

import (
	"context"
	"testing"
	"time"

	"dancu/internal/pgtest"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// TestImportCopyMatchesPgx: the batch's own binary COPY stream stores
// exactly what pgx's CopyFrom stores for the same values, NULLs, non-ASCII
// text, text given as bytes, integers of either width, and instants
// before 2000, at sub-microsecond precision and in another zone, included;
// a chunk with a value of a type it does not write goes through pgx.
func TestImportCopyMatchesPgx(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.NewDatabase(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cols := []string{"big", "small", "txt", "at"}
	for _, table := range []string{"ours", "theirs"} {
		if _, err := db.sql.ExecContext(ctx, `CREATE TABLE `+table+` (n SERIAL, big BIGINT, small INTEGER, txt TEXT, at TIMESTAMPTZ)`); err != nil {
			t.Fatal(err)
		}
	}
	hcm := time.FixedZone("ICT", 7*3600)
	chunks := map[string][][]any{
		"written": {
			{int64(-1 << 62), 2026, "Nguyễn Văn Hùng", time.Date(2026, 1, 5, 8, 0, 0, 123_456_789, time.UTC)},
			{int64(7), int64(-5), []byte(`{"a":"ễ"}`), time.Date(1969, 12, 31, 23, 59, 59, 999_999_999, hcm)},
			{nil, nil, nil, nil},
			{int64(0), int32(1 << 30), "", time.Date(1900, 2, 28, 0, 0, 0, 1000, time.UTC)},
		},
		"through pgx": {{int64(1), 2, "x", time.Unix(0, 0)}, {int64(2), int16(3), "y", time.Unix(1, 0)}},
	}
	for name, rows := range chunks {
		t.Run(name, func(t *testing.T) {
			types := []uint32{oidInt8, oidInt4, oidText, oidTimestamptz}
			if _, ok := appendCopyRows(nil, types, rows); ok != (name == "written") {
				t.Fatalf("appendCopyRows ok = %v", ok)
			}
			conn, err := db.sql.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			tx := &importTx{d: db, conn: conn}
			if err := tx.copyRows(ctx, "ours", cols, rows); err != nil {
				t.Fatal(err)
			}
			if err := conn.Raw(func(dc any) error {
				_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"theirs"}, cols, pgx.CopyFromRows(rows))
				return err
			}); err != nil {
				t.Fatal(err)
			}
			var diff, n int
			q := `SELECT (SELECT COUNT(*) FROM ((SELECT * FROM ours EXCEPT ALL SELECT * FROM theirs) UNION ALL (SELECT * FROM theirs EXCEPT ALL SELECT * FROM ours)) d), (SELECT COUNT(*) FROM ours)`
			if err := db.sql.QueryRowContext(ctx, q).Scan(&diff, &n); err != nil {
				t.Fatal(err)
			}
			if diff != 0 || n == 0 {
				t.Errorf("%d rows differ between the two COPYs (%d rows)", diff, n)
			}
			db.sql.ExecContext(ctx, `TRUNCATE ours, theirs RESTART IDENTITY`)
		})
	}
}
