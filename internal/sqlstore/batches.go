package sqlstore

import (
	"context"
	"encoding/json"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// Batches lists the most recent import batches, newest first.
func (d *Citizens) Batches(ctx context.Context, limit int) ([]registry.BatchInfo, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT id, source, actor, as_of, started_at, status, COALESCE(stats, '{}') FROM import_batches ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "list batches")
	}
	defer rows.Close()
	var out []registry.BatchInfo
	for rows.Next() {
		var b registry.BatchInfo
		var asOf, started any
		var stats []byte
		if err := rows.Scan(&b.ID, &b.Source, &b.Actor, &asOf, &started, &b.Status, &stats); err != nil {
			return nil, apperr.Wrap(err, "list batches")
		}
		if b.AsOf, err = scanTime(asOf); err == nil {
			b.StartedAt, err = scanTime(started)
		}
		if err == nil {
			err = json.Unmarshal(stats, &b.Stats)
		}
		if err != nil {
			return nil, apperr.Wrap(err, "decode batch")
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Conflicts lists the open conflicts of a batch.
func (d *Citizens) Conflicts(ctx context.Context, batchID int64, limit int) ([]registry.Conflict, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT record_ref, line, citizen_id, COALESCE(id_number, ''), COALESCE(fields, 'null'), reason
		FROM import_conflicts WHERE batch_id = $1 ORDER BY id LIMIT $2`, batchID, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "list conflicts")
	}
	defer rows.Close()
	var out []registry.Conflict
	for rows.Next() {
		c := registry.Conflict{BatchID: batchID}
		var fields []byte
		if err := rows.Scan(&c.RecordRef, &c.Line, &c.CitizenID, &c.IDNumber, &fields, &c.Reason); err != nil {
			return nil, apperr.Wrap(err, "list conflicts")
		}
		if err := json.Unmarshal(fields, &c.Fields); err != nil {
			return nil, apperr.Wrap(err, "decode conflict")
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
