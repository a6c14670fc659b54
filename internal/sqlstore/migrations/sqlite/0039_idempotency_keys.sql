-- Expand-only: a new table that version N-1 of the binary never reads.
-- One row per write transaction carrying a client's Idempotency-Key
-- (sqlstore/idempotency.go): the key commits in the write's own
-- transaction, so a client's retry is not applied twice. Rows older than a
-- day are pruned.
CREATE TABLE idempotency_keys (
    key        TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);
CREATE INDEX idempotency_keys_applied_at ON idempotency_keys (applied_at);
