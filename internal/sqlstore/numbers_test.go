package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestAssignNumbersRedrawsTakenAcrossBlocks: one draw for rows of several
// blocks, in mixed order, where some first candidates are already taken
// (a cancelled number), gives each row a number of its own block, never a
// taken one, never the same twice; a second draw continues each block's
// counter. Both engines, since the reservation is one multi-row upsert.
func TestAssignNumbersRedrawsTakenAcrossBlocks(t *testing.T) {
	onEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		blocks := []string{"042090", "001203", "042090", "079185", "001203", "042090"}
		// Take the first candidate of 042090 and the second of 001203.
		taken := map[string]bool{}
		for _, c := range []struct {
			block string
			n     uint32
		}{{"042090", 0}, {"001203", 1}} {
			num, err := db.seq.Number(c.block, c.n)
			if err != nil {
				t.Fatal(err)
			}
			taken[num] = true
			if _, err := db.sql.ExecContext(ctx, `INSERT INTO cancelled_id_numbers (number, citizen_id, cancelled_at, reason) VALUES ($1, 'x', $2, 'test')`,
				num, db.dialect.timeArg(time.Now())); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		for round := 0; round < 2; round++ {
			got, err := db.assignNumbers(ctx, db.sql, blocks, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(blocks) {
				t.Fatalf("round %d: %d numbers for %d rows", round, len(got), len(blocks))
			}
			for i, num := range got {
				if !strings.HasPrefix(num, blocks[i]) || len(num) != 12 {
					t.Errorf("round %d row %d: %q is not a number of block %s", round, i, num, blocks[i])
				}
				if taken[num] || seen[num] {
					t.Errorf("round %d row %d: %s was taken or drawn before", round, i, num)
				}
				seen[num] = true
			}
		}
		// Each block's counter moved past every candidate it handed out:
		// 042090 drew 3 + 1 redrawn, then 3; 001203 2 + 1, then 2.
		for block, want := range map[string]int64{"042090": 7, "001203": 5, "079185": 2} {
			var next int64
			if err := db.sql.QueryRowContext(ctx, `SELECT next_n FROM id_blocks WHERE block = $1`, block).Scan(&next); err != nil || next != want {
				t.Errorf("block %s: next_n %d (%v), want %d", block, next, err, want)
			}
		}
	})
}
