package sqlstore

import (
	"context"
	"database/sql"

	"dancu/internal/apperr"
)

func stringArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// numbersTaken reports which numbers are held now or were ever cancelled;
// with staged, also the numbers of a PostgreSQL import batch's rows still
// in its staging table.
func numbersTaken(ctx context.Context, d dialect, q queryer, numbers []string, staged bool) (map[string]bool, error) {
	taken := map[string]bool{}
	if len(numbers) == 0 {
		return taken, nil
	}
	n := len(numbers)
	args := stringArgs(numbers)
	query := `SELECT id_number FROM citizens WHERE id_number IN (` + d.params(1, n) + `)
		UNION ALL SELECT number FROM cancelled_id_numbers WHERE number IN (` + d.params(n+1, n) + `)`
	all := append(args, args...)
	if staged {
		query += ` UNION ALL SELECT id_number FROM import_staging WHERE id_number IN (` + d.params(2*n+1, n) + `)`
		all = append(all, args...)
	}
	rows, err := q.QueryContext(ctx, query, all...)
	if err != nil {
		return nil, apperr.Wrap(err, "check ID numbers")
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, apperr.Wrap(err, "check ID numbers")
		}
		taken[s] = true
	}
	return taken, rows.Err()
}

// reserve advances a block's draw counter by count and returns the first
// reserved index. The upsert is atomic in both engines, so concurrent
// writers never receive the same index.
func reserve(ctx context.Context, q queryer, block string, count int) (uint32, error) {
	var next int64
	err := q.QueryRowContext(ctx, `INSERT INTO id_blocks (block, next_n) VALUES ($1, $2)
		ON CONFLICT (block) DO UPDATE SET next_n = id_blocks.next_n + $2 RETURNING next_n`, block, count).Scan(&next)
	if err != nil {
		return 0, apperr.Wrap(err, "reserve ID numbers in block %s", block)
	}
	return uint32(next - int64(count)), nil
}

// assignNumbers draws one fresh number per entry of blocks. Imported legacy
// numbers may already occupy a drawn value, so every candidate is checked
// against the register (and, with staged, against a PostgreSQL import
// batch's rows not yet moved in) and redrawn when taken.
func (d *DB) assignNumbers(ctx context.Context, q queryer, blocks []string, staged bool) ([]string, error) {
	drawn := map[string]bool{}
	out := make([]string, len(blocks))
	want := map[string][]int{} // block -> positions in out
	var order []string
	for i, b := range blocks {
		if _, ok := want[b]; !ok {
			order = append(order, b)
		}
		want[b] = append(want[b], i)
	}
	for _, block := range order {
		positions := want[block]
		for len(positions) > 0 {
			start, err := reserve(ctx, q, block, len(positions))
			if err != nil {
				return nil, err
			}
			cands := make([]string, len(positions))
			for k := range positions {
				num, err := d.seq.Number(block, start+uint32(k))
				if err != nil {
					return nil, apperr.New(apperr.Conflict, "ID-number block %s is exhausted: %v", block, err)
				}
				cands[k] = num
			}
			taken, err := numbersTaken(ctx, d.dialect, q, cands, staged)
			if err != nil {
				return nil, err
			}
			var retry []int
			for k, pos := range positions {
				if taken[cands[k]] || drawn[cands[k]] {
					retry = append(retry, pos)
					continue
				}
				out[pos] = cands[k]
				drawn[cands[k]] = true
			}
			positions = retry
		}
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
