-- Expand-only: a new index that version N-1 of the binary ignores.
-- /metrics counts overdue dossiers per kind every minute
-- (sqlstore/ops_gauges.go: state = 'received' AND due_day < today GROUP BY
-- kind). Without this index both engines scan every dossier; with it the
-- count reads the open ones past their due day, and kind makes the index
-- cover the query (an index-only scan).
CREATE INDEX IF NOT EXISTS dossiers_state_due ON dossiers (state, due_day, kind);
