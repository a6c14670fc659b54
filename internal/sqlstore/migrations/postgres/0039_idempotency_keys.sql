-- Expand-only: a new table that version N-1 of the binary never reads.
-- One row per write transaction whose commit outcome a client or dancu may
-- have to check after a lost connection (sqlstore/idempotency.go): the key
-- commits in the write's own transaction, so its presence proves the write
-- committed and a retry is not applied twice. Rows older than a day are
-- pruned.
CREATE TABLE idempotency_keys (
    key        TEXT PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX idempotency_keys_applied_at ON idempotency_keys (applied_at);
