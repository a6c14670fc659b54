package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/pdate"
	"dancu/internal/pgtest"
	"dancu/internal/registry"
)

// TestMigrationKeysVersionsByRid: a register written before migration 0057
// (version rows naming their citizen by text id, links by text id, a
// table referencing citizens) reads back the same after it, and takes new
// citizens after the old ones.
func TestMigrationKeysVersionsByRid(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "old.db")
			dsn := "sqlite:" + path
			old := &DB{dialect: sqliteDialect, now: time.Now}
			var err error
			if engine == "postgres" {
				dsn = pgtest.NewDatabase(t)
				old.dialect = postgresDialect
				old.sql, err = openPostgres(dsn)
			} else {
				if err = createPrivateSQLite(path, sqlitePageSize); err == nil {
					old.sql, err = sql.Open("sqlite", sqliteDSN(path))
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			migrateBefore(t, old, 57)

			at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
			father := registry.Citizen{ID: "0190a000-0000-7000-8000-000000000001", IDNumber: "001086000001", FullName: "Trần Văn Bố",
				BirthDate: pdate.Date{Year: 1960, Month: 1, Day: 2}, Sex: registry.Male, Status: registry.Alive, Version: 1, UpdatedAt: at}
			child := registry.Citizen{ID: "0190a000-0000-7000-8000-000000000002", IDNumber: "001090000002", FullName: "Trần Văn Con",
				BirthDate: pdate.Date{Year: 1990, Month: 5, Day: 6}, Sex: registry.Male, Status: registry.Alive, Version: 1, UpdatedAt: at,
				Father: registry.PersonRef{Name: "Trần Văn Bố", IDNumber: father.IDNumber}}
			renamed := child
			renamed.FullName, renamed.Version, renamed.UpdatedAt = "Trần Văn Mới", 2, at.Add(time.Hour)
			for _, c := range []registry.Citizen{father, renamed} {
				var link any
				if c.ID == child.ID {
					link = father.ID
				}
				args := old.projectionArgs(&c, 0)
				if _, err := old.sql.ExecContext(ctx, `INSERT INTO citizens (`+strings.Join(citizenColumns, ", ")+`, father_id)
					VALUES (`+old.dialect.params(1, len(citizenColumns)+1)+`)`, append(args, link)...); err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range []registry.Citizen{father, child, renamed} {
				data, _ := json.Marshal(c) // whole records, as rows written before the compact form
				if _, err := old.sql.ExecContext(ctx, `INSERT INTO citizen_versions (citizen_id, version, recorded_at, valid_from, actor, reason, data)
					VALUES ($1, $2, $3, $4, 'officer', 'test', $5)`, c.ID, c.Version, old.dialect.timeArg(c.UpdatedAt), old.dialect.timeArg(c.UpdatedAt), string(data)); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := old.sql.ExecContext(ctx, `INSERT INTO citizen_former_names (citizen_id, name_key, full_name) VALUES ($1, 'tran van con', $2)`,
				child.ID, child.FullName); err != nil {
				t.Fatal(err)
			}
			old.sql.Close()

			db, err := Open(ctx, dsn, Options{})
			if err != nil {
				t.Fatalf("open and migrate: %v", err)
			}
			defer db.Close()
			hist, err := db.Citizens().History(ctx, child.ID)
			if err != nil || len(hist) != 2 || hist[0].Data.FullName != child.FullName || hist[1].Data.FullName != renamed.FullName {
				t.Fatalf("history after the migration = %+v, %v; want the two versions", hist, err)
			}
			got, err := db.Citizens().CitizenByIDNumber(ctx, child.IDNumber)
			if err != nil || got.Version != 2 || got.Father.CitizenID != father.ID {
				t.Fatalf("current state after the migration = %+v, %v; want version 2 linked to its father", got, err)
			}
			enc, err := db.Citizens().EncodedCitizen(ctx, father.ID)
			if err != nil || enc.ID != father.ID {
				t.Fatalf("encoded read after the migration = %+v, %v", enc, err)
			}
			var rids []int64
			rows, err := db.sql.QueryContext(ctx, `SELECT rid FROM citizens ORDER BY rid`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var r int64
				rows.Scan(&r)
				rids = append(rids, r)
			}
			rows.Close()
			if len(rids) != 2 || rids[0] == rids[1] {
				t.Fatalf("rids after the migration = %v, want two distinct", rids)
			}
			// A citizen created afterwards takes a rid after the old ones.
			fresh := registry.Citizen{ID: "0190a000-0000-7000-8000-000000000003", FullName: "Lê Thị Mới", BirthDate: pdate.Date{Year: 2000, Month: 1, Day: 1},
				Sex: registry.Female, Status: registry.Alive, Version: 1, UpdatedAt: at.Add(2 * time.Hour)}
			tx, err := db.sql.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.putVersion(ctx, tx, fresh, 0, registry.ChangeMeta{Actor: "officer", Reason: "test"}, nil); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			var rid int64
			if err := db.sql.QueryRowContext(ctx, `SELECT rid FROM citizens WHERE id = $1`, fresh.ID).Scan(&rid); err != nil || rid <= rids[1] {
				t.Fatalf("rid of a citizen created after the migration = %d, %v; want above %d", rid, err, rids[1])
			}
			if h, err := db.Citizens().History(ctx, fresh.ID); err != nil || len(h) != 1 || h[0].Data.FullName != fresh.FullName {
				t.Fatalf("history of the new citizen = %+v, %v", h, err)
			}
		})
	}
}

// migrateBefore applies the migrations numbered below version.
func migrateBefore(t *testing.T, d *DB, version int) {
	t.Helper()
	ctx := context.Background()
	if _, err := d.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	migs, err := Migrations(d.dialect.name)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migs {
		if m.Version < version {
			if err := d.apply(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
	}
}
