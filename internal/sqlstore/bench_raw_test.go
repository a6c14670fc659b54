package sqlstore

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestRawReferenceHasTheRegisterKeys: the frozen reference tables carry
// the same primary and unique keys as the tables an import writes, on both
// engines, so the reference is not flattered by missing B-trees.
func TestRawReferenceHasTheRegisterKeys(t *testing.T) {
	onEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		engine := db.dialect.name
		for _, ddl := range rawTables[engine] {
			if _, err := db.sql.ExecContext(ctx, ddl); err != nil {
				t.Fatal(err)
			}
		}
		for _, pair := range [][2]string{{"citizens", "raw_citizens"}, {"citizen_versions", "raw_versions"}} {
			live, raw := uniqueKeys(t, db, engine, pair[0]), uniqueKeys(t, db, engine, pair[1])
			t.Logf("%s keys: %v", pair[0], live)
			if len(live) == 0 || !slices.Equal(live, raw) {
				t.Errorf("unique keys of %s = %v, of %s = %v; want the same, non-empty", pair[0], live, pair[1], raw)
			}
		}
	})
}

// uniqueKeys lists the column lists of a table's primary and unique keys,
// sorted, each with its partial condition if any.
func uniqueKeys(t *testing.T, db *DB, engine, table string) []string {
	t.Helper()
	q := `SELECT regexp_replace(pg_get_indexdef(indexrelid), '^.* USING btree ', '') FROM pg_index WHERE indrelid = $1::regclass AND indisunique`
	if engine == "sqlite" {
		q = `SELECT COALESCE(s.sql, 'pk:' || (SELECT group_concat(name) FROM (SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk)))
			FROM pragma_index_list($1) l LEFT JOIN sqlite_master s ON s.name = l.name AND s.type = 'index' WHERE l."unique"`
	}
	rows, err := db.sql.QueryContext(context.Background(), q, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		if i := strings.Index(k, " ON "); i >= 0 { // SQLite: CREATE UNIQUE INDEX name ON table (cols) WHERE …
			k = k[strings.Index(k, "("):]
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
