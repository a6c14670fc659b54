-- Expand-only: a new table that version N-1 of the binary never reads.
-- Leader leases (sqlstore/lease.go): work that must run once per database
-- (the outbox's webhook dispatcher, the audit log's periodic checkpoint
-- signing) runs in the process holding the lease.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
