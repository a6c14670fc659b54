-- Expand-only: a new table that version N-1 of the binary never reads.
-- Leader leases (sqlstore/lease.go): several dancu servers share one
-- database, and work that must run once (the outbox's webhook dispatcher,
-- the audit log's periodic checkpoint signing) runs on the server holding
-- the lease. A holder renews before expires_at; another server takes the
-- lease only after it expired.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
