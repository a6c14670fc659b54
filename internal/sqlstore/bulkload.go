package sqlstore

import (
	"context"
	"fmt"
	"strings"
)

// deferredIndexes are the indexes of citizens that a batch loading into an
// empty register drops inside its transaction and rebuilds before it
// commits: building an index once by sorting is several times faster than
// growing it row by row, above all for the unique indexes on ID numbers
// and record refs, whose keys come in random order (a test insert of 300k
// random numbers: 3.0 s into the index against 0.45 s without it and
// 1.0 s to build it after). A rebuilt unique index still checks
// uniqueness; the batch never writes a number or ref twice anyway (the
// domain finds them first and reports the row). The keys that other
// tables' foreign keys name (id) and the rid stay.
var deferredIndexes = []string{"citizens_name", "citizens_old_id_number", "citizens_household", "citizens_commune",
	"citizens_father_number", "citizens_mother_number", "citizens_spouse_number", "citizens_representative_number", "citizens_head_number",
	"citizens_record_ref", numberIndexName}

// numberIndexName is the unique index on ID numbers. While it is dropped a
// look-up by number scans the table, so the first one of the batch (a
// number met twice; fresh numbers drawn for rows without one) rebuilds it
// first.
const numberIndexName = "citizens_id_number"

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
		if name == numberIndexName {
			t.numberIndex = def
			continue
		}
		t.rebuild = append(t.rebuild, def)
	}
	return nil
}

// needNumberIndex rebuilds the unique index on ID numbers now if the batch
// dropped it: a look-up by number follows.
func (t *importTx) needNumberIndex(ctx context.Context) error {
	if t.numberIndex == "" {
		return nil
	}
	if err := t.buildIndex(ctx, t.numberIndex); err != nil {
		return err
	}
	t.numberIndex = ""
	return nil
}

// buildIndex runs one index definition. On PostgreSQL the build sorts the
// whole table: with the default 64 MB of maintenance_work_mem a build of
// a million rows or more spills its sort to disk.
func (t *importTx) buildIndex(ctx context.Context, def string) error {
	if t.d.dialect.name == "postgres" {
		if _, err := t.conn.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
	}
	if _, err := t.conn.ExecContext(ctx, def); err != nil {
		if strings.Contains(strings.ToUpper(def), "UNIQUE") {
			// The domain reports a repeated number or ref on its row
			// before writing it: reaching this is a defect, not bad input.
			return fmt.Errorf("rebuild unique index (a value the batch wrote twice?): %w", err)
		}
		return fmt.Errorf("rebuild index: %w", err)
	}
	return nil
}

// rebuildIndexes recreates the dropped indexes before commit.
func (t *importTx) rebuildIndexes(ctx context.Context) error {
	if err := t.needNumberIndex(ctx); err != nil {
		return err
	}
	for _, def := range t.rebuild {
		if err := t.buildIndex(ctx, def); err != nil {
			return err
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
	// A PostgreSQL batch linked its rows as they moved (moveCitizensSQL).
	if t.d.dialect.name == "sqlite" {
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
