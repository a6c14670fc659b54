package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
)

// TestCitizenEntriesAcrossSpans reads a citizen's entries when they lie in
// several spans of the tracker's index (audit_span.go), on both engines:
// every span is searched, newest first, and paging by Before and Limit
// crosses span boundaries. The rows are written straight into the chain's
// tables: the tracker's query does not check hashes (audit verify does).
func TestCitizenEntriesAcrossSpans(t *testing.T) {
	const span = 1 << auditSpanBits
	subjects := map[int64][]string{
		1:            {"a"},
		2:            {"b"},
		span - 1:     {"a", "b"},
		span:         {"a"},
		span + 1:     {"b"},
		3*span + 7:   {"c"},
		4*span - 1:   {"b", "a"},
		10*span + 12: {"b"},
	}
	tests := []struct {
		name string
		f    audit.Filter
		want []int64
	}{
		{"all of a", audit.Filter{CitizenID: "a"}, []int64{4*span - 1, span, span - 1, 1}},
		{"all of b", audit.Filter{CitizenID: "b"}, []int64{10*span + 12, 4*span - 1, span + 1, span - 1, 2}},
		{"a before a span's first entry", audit.Filter{CitizenID: "a", Before: span}, []int64{span - 1, 1}},
		{"b's newest two", audit.Filter{CitizenID: "b", Limit: 2}, []int64{10*span + 12, 4*span - 1}},
		{"b's next page", audit.Filter{CitizenID: "b", Before: 4*span - 1, Limit: 2}, []int64{span + 1, span - 1}},
		{"c alone in its span", audit.Filter{CitizenID: "c"}, []int64{3*span + 7}},
		{"nobody", audit.Filter{CitizenID: "d"}, nil},
	}
	onEachEngine(t, func(t *testing.T, d *DB) {
		ctx := context.Background()
		at := time.Date(2026, 12, 7, 4, 0, 0, 0, time.UTC)
		for seq, ids := range subjects {
			if _, err := d.chain.sql.ExecContext(ctx, `INSERT INTO audit_log (seq, at, user_id, agency_id, confidential, entry, hash) VALUES ($1, $2, '', '', $3, $4, '')`,
				seq, d.dialect.timeArg(at.Add(time.Duration(seq)*time.Millisecond)), false, []byte("{}")); err != nil {
				t.Fatal(err)
			}
			for pos, id := range ids {
				if _, err := d.chain.sql.ExecContext(ctx, `INSERT INTO audit_subjects (seq, pos, citizen_id) VALUES ($1, $2, $3)`, seq, pos, id); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, tt := range tests {
			recs, err := d.AuditLog().AuditEntries(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var got []int64
			for _, r := range recs {
				got = append(got, r.Seq)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("%s: seqs %v, want %v", tt.name, got, tt.want)
			}
		}
	})
}

// TestCitizenSpansUseTheIndex fails when the tracker's condition and the
// audit file's index spell the span differently: SQLite would then scan
// every subject row of the chain for one citizen.
func TestCitizenSpansUseTheIndex(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "test.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	cond, err := d.AuditLog().citizenSpansCond(ctx, 5<<auditSpanBits, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cond, "IN (0,1,2,3,4)") {
		t.Fatalf("spans of the entries before the 5th span: %s", cond)
	}
	rows, err := d.chain.sql.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT seq FROM audit_log WHERE `+cond, "c-1")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	got := strings.Join(plan, "; ")
	if !strings.Contains(got, "INDEX audit_subjects_span_citizen (<expr>=? AND citizen_id=?)") {
		t.Errorf("the tracker's look-up does not seek the span index: %s", got)
	}
}
