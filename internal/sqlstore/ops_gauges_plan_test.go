package sqlstore_test

import (
	"context"
	"strings"
	"testing"
)

// TestOverdueCountUsesTheStateDueIndex checks the query plan of the
// overdue-dossiers gauge on both engines: the count must read the index
// dossiers_state_due (migration 0048), not scan every dossier. PostgreSQL
// prefers a scan on a tiny table whatever its indexes, so sequential scans
// are switched off for the EXPLAIN: the question is whether the index can
// serve the query, not which plan a table of no rows gets.
func TestOverdueCountUsesTheStateDueIndex(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		const q = `SELECT kind, count(*) FROM dossiers WHERE state = 'received' AND due_day <> '' AND due_day < '2026-12-06' GROUP BY kind`
		explain := "EXPLAIN QUERY PLAN " + q
		conn, err := e.db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if e.db.Engine() == "postgres" {
			explain = "EXPLAIN " + q
			if _, err := conn.ExecContext(ctx, `SET enable_seqscan = off`); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := conn.QueryContext(ctx, explain)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var plan []string
		for rows.Next() {
			vals := make([]any, len(cols))
			for i := range vals {
				vals[i] = new(any)
			}
			if err := rows.Scan(vals...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				plan = append(plan, strings.TrimSpace(toString(*(v.(*any)))))
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		text := strings.Join(plan, " | ")
		if !strings.Contains(text, "dossiers_state_due") {
			t.Errorf("the overdue count does not use dossiers_state_due: %s", text)
		}
	})
}

func toString(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	default:
		return ""
	}
}
