package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/person"
)

// TestPointScanAssignsAsRowScan: SQLite's direct point read fills every
// destination kind it takes with what database/sql's Row.Scan puts there,
// for text, integer, blob and NULL values, on a fresh and a reused
// statement; a missing row is sql.ErrNoRows, and
// a destination it does not take is an error, not a guess.
func TestPointScanAssignsAsRowScan(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "p.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.sql.ExecContext(ctx, `CREATE TABLE pt (k TEXT PRIMARY KEY, s TEXT, n INTEGER, b BLOB, d TEXT, x TEXT, at TEXT)`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.sql.ExecContext(ctx, `INSERT INTO pt VALUES ('a', 'Nguyễn', 42, x'00ff', '1990-05', 'F', '2026-01-05T08:00:00Z'),
		('b', '', -7, NULL, '1990', 'M', NULL), ('c', '12', 0, x'', '1990-05-15', '', '2026')`); err != nil {
		t.Fatal(err)
	}
	const q = `SELECT s, n, b, d, x, at, s, n, s, n FROM pt WHERE k = $1`
	type dests struct {
		s    string
		n    int
		b    []byte
		d    pdate.Date
		x    person.Sex
		at   any
		ns   sql.NullString
		n64  int64
		sany any
		nstr string
	}
	ptrs := func(v *dests) []any {
		return []any{&v.s, &v.n, &v.b, &v.d, &v.x, &v.at, &v.ns, &v.n64, &v.sany, &v.nstr}
	}
	for round := range 3 { // the statement prepared, then reused
		for _, k := range []string{"a", "b", "c"} {
			var got, want dests
			if err := d.hotRow(ctx, q, k).Scan(ptrs(&want)...); err != nil {
				t.Fatal(err)
			}
			if err := d.pointScan(ctx, false, q, []any{k}, ptrs(&got)...); err != nil {
				t.Fatalf("round %d, row %s: %v", round, k, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round %d, row %s:\npoint read %#v\nRow.Scan   %#v", round, k, got, want)
			}
		}
	}
	var s string
	if err := d.pointScan(ctx, false, `SELECT s FROM pt WHERE k = $1`, []any{"z"}, &s); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("missing row: %v, want sql.ErrNoRows", err)
	}
	var f float32
	if err := d.pointScan(ctx, false, `SELECT n FROM pt WHERE k = $1`, []any{"a"}, &f); err == nil {
		t.Errorf("scanned an integer into %T without an error", f)
	}
	if err := d.pointScan(ctx, false, `SELECT s, n FROM pt WHERE k = $1`, []any{"a"}, &s); err == nil {
		t.Error("two columns into one destination without an error")
	}
	// Bytes are the caller's: a later read does not change them.
	var b1, b2 []byte
	if err := d.pointScan(ctx, false, `SELECT b FROM pt WHERE k = $1`, []any{"a"}, &b1); err != nil {
		t.Fatal(err)
	}
	if err := d.pointScan(ctx, false, `SELECT b FROM pt WHERE k = $1`, []any{"c"}, &b2); err != nil {
		t.Fatal(err)
	}
	if string(b1) != "\x00\xff" {
		t.Errorf("first blob now %x", b1)
	}
}
