package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"dancu/internal/pgtest"
	"dancu/internal/sqlstore"
)

// schema is what a migrated database defines, in terms both engines share:
// tables with their columns, indexes by what they cover, and triggers by
// what they do.
type schema struct {
	columns  map[string]string // "table.column" → "null"/"not null"
	pkeys    map[string]string // table → primary key columns
	indexes  map[string]string // "table(cols) unique where …" → index name
	triggers map[string]string // "table: BEFORE UPDATE → refuse" → trigger name
}

// triggerDifferences are the triggers one engine has and the other cannot
// or need not have, each with its reason. A key is a trigger's description
// as triggerKey builds it.
var triggerDifferences = map[string]string{
	"audit_log: BEFORE TRUNCATE → refuse":         "SQLite has no TRUNCATE; its DELETE trigger already refuses removing rows",
	"audit_subjects: BEFORE TRUNCATE → refuse":    "SQLite has no TRUNCATE; its DELETE trigger already refuses removing rows",
	"audit_checkpoints: BEFORE TRUNCATE → refuse": "SQLite has no TRUNCATE; its DELETE trigger already refuses removing rows",
}

// TestMigrationSetsDefineTheSameSchema fails when the SQLite and the
// PostgreSQL migrations, once applied, differ in tables, columns (name and
// nullability), primary keys, indexes (columns, uniqueness, partial
// predicate) or triggers (table, timing, event and effect), except for the
// trigger differences listed above with their reasons.
func TestMigrationSetsDefineTheSameSchema(t *testing.T) {
	ctx := context.Background()
	open := func(dsn string) *sql.DB {
		db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
		if err != nil {
			t.Fatalf("open %s: %v", dsn, err)
		}
		t.Cleanup(func() { db.Close() })
		return db.SQL()
	}
	lite := sqliteSchema(t, open("sqlite:"+filepath.Join(t.TempDir(), "schema.db")))
	pg := postgresSchema(t, open(pgtest.NewDatabase(t)))
	if len(lite.columns) < 50 || len(pg.indexes) < 10 || len(pg.triggers) < 5 {
		t.Fatalf("introspection found too little: %d columns, %d indexes, %d triggers", len(lite.columns), len(pg.indexes), len(pg.triggers))
	}
	compare(t, "column", lite.columns, pg.columns, true, nil)
	compare(t, "primary key", lite.pkeys, pg.pkeys, true, nil)
	compare(t, "index", lite.indexes, pg.indexes, false, nil)
	compare(t, "trigger", lite.triggers, pg.triggers, false, triggerDifferences)
	for k := range triggerDifferences {
		_, inLite := lite.triggers[k]
		_, inPG := pg.triggers[k]
		if inLite == inPG {
			t.Errorf("allow-listed trigger difference %q no longer differs: remove it from the list", k)
		}
	}
}

// compare reports every key one engine lacks and, when values matter,
// every key whose value differs; otherwise the value is the object's name,
// for the message. Keys in allowed are not reported.
func compare(t *testing.T, what string, lite, pg map[string]string, values bool, allowed map[string]string) {
	t.Helper()
	keys := slices.Sorted(maps.Keys(lite))
	for k := range pg {
		if _, ok := lite[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		if _, ok := allowed[k]; ok {
			continue
		}
		l, lok := lite[k]
		p, pok := pg[k]
		switch {
		case !lok:
			t.Errorf("%s %s only on PostgreSQL (%s)", what, k, p)
		case !pok:
			t.Errorf("%s %s only on SQLite (%s)", what, k, l)
		case values && l != p:
			t.Errorf("%s %s: SQLite %s, PostgreSQL %s", what, k, l, p)
		}
	}
}

func sqliteSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{columns: map[string]string{}, pkeys: map[string]string{}, indexes: map[string]string{}, triggers: map[string]string{}}
	tables := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	for _, tbl := range tables {
		rows := queryRows(t, db, `SELECT name, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, tbl)
		pk := map[int]string{}
		for _, r := range rows {
			notNull := r[1] == "1" || r[2] != "0" // SQLite lets a PRIMARY KEY hold NULL only by a historical bug; the code never relies on it
			s.columns[tbl+"."+r[0]] = nullability(notNull)
			if r[2] != "0" {
				var n int
				fmt.Sscan(r[2], &n)
				pk[n] = r[0]
			}
		}
		var cols []string
		for i := 1; i <= len(pk); i++ {
			cols = append(cols, pk[i])
		}
		s.pkeys[tbl] = strings.Join(cols, ", ")
		for _, ix := range queryRows(t, db, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, tbl) {
			if ix[2] == "pk" {
				continue // compared as the primary key
			}
			cols := queryStrings(t, db, `SELECT coalesce(name, '<expr>') FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`, ix[0])
			where := ""
			if ix[3] == "1" {
				def := queryStrings(t, db, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, ix[0])[0]
				where = def[strings.LastIndex(strings.ToUpper(def), " WHERE ")+7:]
			}
			s.indexes[indexKey(tbl, cols, ix[1] == "1", where)] = ix[0]
		}
	}
	for _, r := range queryRows(t, db, `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`) {
		m := regexp.MustCompile(`(?is)\b(BEFORE|AFTER|INSTEAD OF)\s+(INSERT|UPDATE|DELETE)\b.*?\bBEGIN\s+(.*?)\s*END\s*;?\s*$`).FindStringSubmatch(r[2])
		if m == nil {
			t.Fatalf("trigger %s: cannot read %q", r[0], r[2])
		}
		effect := "runs: " + m[3]
		if regexp.MustCompile(`(?is)^SELECT\s+RAISE\s*\(\s*(ABORT|FAIL|ROLLBACK)\s*,\s*'[^']*'\s*\)\s*;$`).MatchString(m[3]) {
			effect = "refuse"
		}
		s.triggers[triggerKey(r[1], strings.ToUpper(m[1]), strings.ToUpper(m[2]), effect)] = r[0]
	}
	return s
}

func postgresSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{columns: map[string]string{}, pkeys: map[string]string{}, indexes: map[string]string{}, triggers: map[string]string{}}
	for _, r := range queryRows(t, db, `SELECT table_name, column_name, is_nullable FROM information_schema.columns
		WHERE table_schema = current_schema()`) {
		s.columns[r[0]+"."+r[1]] = nullability(r[2] == "NO")
	}
	for _, tbl := range queryStrings(t, db, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`) {
		s.pkeys[tbl] = ""
	}
	for _, r := range queryRows(t, db, `SELECT c.relname, string_agg(a.attname, ', ' ORDER BY k.ord)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
		CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
		WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace
		GROUP BY c.relname`) {
		s.pkeys[r[0]] = r[1]
	}
	for _, r := range queryRows(t, db, `SELECT ic.relname, c.relname, i.indisunique, coalesce(pg_get_expr(i.indpred, i.indrelid), ''),
		(SELECT string_agg(CASE WHEN k.attnum = 0 THEN '<expr>' ELSE a.attname END, ',' ORDER BY k.ord)
		   FROM unnest(i.indkey[0:i.indnkeyatts-1]) WITH ORDINALITY AS k(attnum, ord)
		   LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
		WHERE NOT i.indisprimary AND c.relnamespace = current_schema()::regnamespace`) {
		s.indexes[indexKey(r[1], strings.Split(r[4], ","), r[2] == "true", r[3])] = r[0]
	}
	// Trigger functions that only raise an error refuse the statement.
	for _, r := range queryRows(t, db, `SELECT tg.tgname, c.relname, tg.tgtype::int, p.prosrc
		FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_proc p ON p.oid = tg.tgfoid
		WHERE NOT tg.tgisinternal AND c.relnamespace = current_schema()::regnamespace`) {
		var typ int
		fmt.Sscan(r[2], &typ)
		timing := "AFTER"
		if typ&2 != 0 { // TRIGGER_TYPE_BEFORE
			timing = "BEFORE"
		} else if typ&64 != 0 { // TRIGGER_TYPE_INSTEAD
			timing = "INSTEAD OF"
		}
		effect := "runs: " + strings.TrimSpace(r[3])
		if regexp.MustCompile(`(?is)^\s*BEGIN\s+RAISE\s+EXCEPTION\s+'[^']*'(\s*,\s*[^;]+)?\s*;\s*END\s*;?\s*$`).MatchString(r[3]) {
			effect = "refuse"
		}
		for bit, event := range map[int]string{4: "INSERT", 8: "DELETE", 16: "UPDATE", 32: "TRUNCATE"} {
			if typ&bit != 0 {
				s.triggers[triggerKey(r[1], timing, event, effect)] = r[0]
			}
		}
	}
	return s
}

func nullability(notNull bool) string {
	if notNull {
		return "not null"
	}
	return "null"
}

func triggerKey(table, timing, event, effect string) string {
	return fmt.Sprintf("%s: %s %s → %s", table, timing, event, effect)
}

var (
	pgCast    = regexp.MustCompile(`::[a-z ]+(\[\])?`)
	pgNotIn   = regexp.MustCompile(`<> ALL \(ARRAY\[([^\]]*)\]\)`)
	pgIn      = regexp.MustCompile(`= ANY \(ARRAY\[([^\]]*)\]\)`)
	spaceRuns = regexp.MustCompile(`\s+`)
)

// indexKey describes an index by its table, key columns, uniqueness and
// partial predicate, the predicate written the same way for both engines
// (PostgreSQL prints casts, parentheses and NOT IN as <> ALL (ARRAY[…])).
func indexKey(table string, cols []string, unique bool, where string) string {
	key := table + "(" + strings.Join(cols, ", ") + ")"
	if unique {
		key += " unique"
	}
	if where = strings.TrimSpace(where); where != "" {
		where = pgCast.ReplaceAllString(where, "")
		where = pgNotIn.ReplaceAllString(where, "NOT IN ($1)")
		where = pgIn.ReplaceAllString(where, "IN ($1)")
		where = strings.NewReplacer("(", " ", ")", " ", ";", " ").Replace(where)
		where = strings.ToLower(strings.TrimSpace(spaceRuns.ReplaceAllString(where, " ")))
		key += " where " + where
	}
	return key
}

func queryRows(t *testing.T, db *sql.DB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	var out []string
	for _, r := range queryRows(t, db, q, args...) {
		out = append(out, r[0])
	}
	return out
}
