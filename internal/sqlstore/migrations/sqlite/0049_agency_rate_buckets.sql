-- Expand-only: a new table that version N-1 of the binary never reads.
-- Agencies' rate limits as one token bucket per agency shared by every
-- process on the database (sqlstore/rate_buckets.go); see the PostgreSQL
-- migration for the columns.
CREATE TABLE agency_rate_buckets (
    agency_id   TEXT PRIMARY KEY,
    tokens      REAL NOT NULL,
    refilled_us INTEGER NOT NULL,
    granted     REAL NOT NULL
);
