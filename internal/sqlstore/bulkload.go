package sqlstore

import (
	"context"
	"fmt"
)

// deferredIndexes are the non-unique indexes of citizens. When a batch
// loads into an empty register they are dropped inside the batch
// transaction and rebuilt before it commits: building an index once by
// sorting is several times faster than growing it row by row. The unique
// indexes stay, so uniqueness is enforced throughout.
var deferredIndexes = []string{"citizens_name", "citizens_old_id_number", "citizens_household", "citizens_commune",
	"citizens_father_number", "citizens_mother_number", "citizens_spouse_number", "citizens_representative_number", "citizens_head_number"}

// registerEmpty reports whether citizens has no row, inside the batch's
// transaction (which holds the write lock on SQLite).
func (t *importTx) registerEmpty(ctx context.Context) (bool, error) {
	var one int
	err := t.conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM citizens LIMIT 1) x`).Scan(&one)
	return one == 0, err
}

// dropDeferredIndexes remembers each index's definition and drops it.
func (t *importTx) dropDeferredIndexes(ctx context.Context) error {
	for _, name := range deferredIndexes {
		var def string
		q := `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1`
		if t.d.dialect.name == "postgres" {
			q = `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1`
		}
		if err := t.conn.QueryRowContext(ctx, q, name).Scan(&def); err != nil {
			return fmt.Errorf("read definition of index %s: %w", name, err)
		}
		if _, err := t.conn.ExecContext(ctx, `DROP INDEX `+name); err != nil {
			return fmt.Errorf("drop index %s: %w", name, err)
		}
		t.rebuild = append(t.rebuild, def)
	}
	return nil
}

// rebuildIndexes recreates the dropped indexes before commit. On
// PostgreSQL each build sorts the whole table: with the default 64 MB of
// maintenance_work_mem a build of a million rows or more spills its sort
// to disk.
func (t *importTx) rebuildIndexes(ctx context.Context) error {
	if len(t.rebuild) > 0 && t.d.dialect.name == "postgres" {
		if _, err := t.conn.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
	}
	for _, def := range t.rebuild {
		if _, err := t.conn.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
	}
	t.rebuild = nil
	return nil
}

// linkBatch resolves the links of the batch's records, and re-links the
// older records naming a number the batch brought, once for the whole
// batch (a relative may come later in the batch than the record naming
// it). It runs after the indexes are rebuilt: it looks numbers up.
func (t *importTx) linkBatch(ctx context.Context) error {
	// A PostgreSQL batch moved in one piece linked its rows as they moved
	// (moveCitizensSQL); moved in several, an earlier piece may name a
	// relative of a later one.
	if t.d.dialect.name == "sqlite" || t.staged.moves > 1 {
		if _, err := t.conn.ExecContext(ctx, linkBatchSQL, t.batchID); err != nil {
			return fmt.Errorf("link relatives: %w", err)
		}
	}
	if t.empty {
		return nil // no older record to re-link
	}
	if _, err := t.conn.ExecContext(ctx, relinkBatchSQL, t.batchID); err != nil {
		return fmt.Errorf("re-link the records naming the batch's numbers: %w", err)
	}
	return nil
}
