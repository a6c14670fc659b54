package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"dancu/internal/apperr"
)

func stringArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// takenChunk bounds the numbers one look-up carries: the query binds each
// number two or three times, and SQLite allows 32,766 parameters.
const takenChunk = 4000

// numbersTaken reports which numbers are held now or were ever cancelled;
// with staged, also the numbers of a PostgreSQL import batch's rows still
// in its staging table.
func numbersTaken(ctx context.Context, d dialect, q queryer, numbers []string, staged bool) (map[string]bool, error) {
	taken := map[string]bool{}
	for len(numbers) > 0 {
		part := numbers[:min(len(numbers), takenChunk)]
		numbers = numbers[len(part):]
		if err := numbersTakenInto(ctx, d, q, part, staged, taken); err != nil {
			return nil, err
		}
	}
	return taken, nil
}

func numbersTakenInto(ctx context.Context, d dialect, q queryer, numbers []string, staged bool, taken map[string]bool) error {
	n := len(numbers)
	args := stringArgs(numbers)
	query := `SELECT id_number FROM citizens WHERE id_number IN (` + d.params(1, n) + `)
		UNION ALL SELECT number FROM cancelled_id_numbers WHERE number IN (` + d.params(n+1, n) + `)`
	all := append(args, args...)
	if staged {
		query += ` UNION ALL SELECT id_number FROM import_staging WHERE id_number IN (` + d.params(2*n+1, n) + `)`
		all = append(all, args...)
	}
	if d.name == "postgres" {
		// One array parameter: the staging table is never analyzed, and
		// with an IN list of a chunk's 2,000 candidates the planner
		// scanned its million rows (130–160 ms a chunk, statement log)
		// where = ANY keeps to the index (~20 ms, EXPLAIN ANALYZE).
		query = `SELECT id_number FROM citizens WHERE id_number = ANY($1)
		UNION ALL SELECT number FROM cancelled_id_numbers WHERE number = ANY($1)`
		if staged {
			query += ` UNION ALL SELECT id_number FROM import_staging WHERE id_number = ANY($1)`
		}
		all = []any{numbers}
	}
	rows, err := q.QueryContext(ctx, query, all...)
	if err != nil {
		return apperr.Wrap(err, "check ID numbers")
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return apperr.Wrap(err, "check ID numbers")
		}
		taken[s] = true
	}
	return rows.Err()
}

// reserveChunk bounds the blocks one reservation carries (two parameters
// each).
const reserveChunk = 1000

// reserve advances each block's draw counter by its count and returns the
// first reserved index of each, in one statement per reserveChunk blocks:
// an import's chunk of rows without a number spans hundreds of blocks
// (province, century and sex, birth year), and a round trip per block was
// most of the time those rows took (~0.2 s a chunk of 2,000, PostgreSQL
// statement log). The upsert is atomic in both engines, so concurrent
// writers never receive the same index. blocks must not repeat.
func reserve(ctx context.Context, d dialect, q queryer, blocks []string, counts []int) (map[string]uint32, error) {
	first := make(map[string]uint32, len(blocks))
	for i := 0; i < len(blocks); i += reserveChunk {
		end := min(len(blocks), i+reserveChunk)
		values := make([]string, 0, end-i)
		args := make([]any, 0, 2*(end-i))
		want := make(map[string]int, end-i)
		for k := i; k < end; k++ {
			values = append(values, "("+d.params(2*(k-i)+1, 2)+")")
			args = append(args, blocks[k], counts[k])
			want[blocks[k]] = counts[k]
		}
		rows, err := q.QueryContext(ctx, `INSERT INTO id_blocks (block, next_n) VALUES `+strings.Join(values, ", ")+`
			ON CONFLICT (block) DO UPDATE SET next_n = id_blocks.next_n + excluded.next_n RETURNING block, next_n`, args...)
		if err != nil {
			return nil, apperr.Wrap(err, "reserve ID numbers in %d blocks", end-i)
		}
		for rows.Next() {
			var block string
			var next int64
			if err := rows.Scan(&block, &next); err != nil {
				rows.Close()
				return nil, apperr.Wrap(err, "reserve ID numbers")
			}
			first[block] = uint32(next - int64(want[block]))
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, apperr.Wrap(err, "reserve ID numbers")
		}
	}
	if len(first) != len(blocks) {
		return nil, fmt.Errorf("reserve ID numbers: %d of %d blocks reserved", len(first), len(blocks))
	}
	return first, nil
}

// assignNumbers draws one fresh number per entry of blocks. Imported legacy
// numbers may already occupy a drawn value, so every candidate is checked
// against the register (and, with staged, against a PostgreSQL import
// batch's rows not yet moved in) and redrawn when taken. Each round
// reserves for every block at once and checks every candidate at once.
func (d *DB) assignNumbers(ctx context.Context, q queryer, blocks []string, staged bool) ([]string, error) {
	drawn := map[string]bool{}
	out := make([]string, len(blocks))
	want := map[string][]int{} // block -> positions in out still to fill
	var order []string
	for i, b := range blocks {
		if _, ok := want[b]; !ok {
			order = append(order, b)
		}
		want[b] = append(want[b], i)
	}
	// One lock order on id_blocks' rows for every writer: two batches
	// reserving the same blocks in different orders could deadlock.
	slices.Sort(order)
	for len(order) > 0 {
		counts := make([]int, len(order))
		for i, block := range order {
			counts[i] = len(want[block])
		}
		start, err := reserve(ctx, d.dialect, q, order, counts)
		if err != nil {
			return nil, err
		}
		var cands []string
		for _, block := range order {
			for k := range want[block] {
				num, err := d.seq.Number(block, start[block]+uint32(k))
				if err != nil {
					return nil, apperr.New(apperr.Conflict, "ID-number block %s is exhausted: %v", block, err)
				}
				cands = append(cands, num)
			}
		}
		taken, err := numbersTaken(ctx, d.dialect, q, cands, staged)
		if err != nil {
			return nil, err
		}
		var next []string
		c := 0
		for _, block := range order {
			var retry []int
			for _, pos := range want[block] {
				num := cands[c]
				c++
				if taken[num] || drawn[num] {
					retry = append(retry, pos)
					continue
				}
				out[pos] = num
				drawn[num] = true
			}
			if want[block] = retry; len(retry) > 0 {
				next = append(next, block)
			}
		}
		order = next
	}
	return out, nil
}

// AllocateIDNumber draws one fresh number in block, inside the caller's
// transaction when there is one (a birth registered by a procedure draws
// its number in the approval's transaction, so a refused write leaves the
// counter where it was).
func (d *Citizens) AllocateIDNumber(ctx context.Context, block string) (string, error) {
	if tx := txFrom(ctx); tx != nil {
		nums, err := d.assignNumbers(ctx, tx, []string{block}, false)
		if err != nil {
			return "", err
		}
		return nums[0], nil
	}
	var num string
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		nums, err := d.assignNumbers(ctx, tx, []string{block}, false)
		if err == nil {
			num = nums[0]
		}
		return err
	})
	return num, err
}
