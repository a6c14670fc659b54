-- Expand-only: a new table that version N-1 of the binary never reads (it
-- keeps its own bucket in memory, so finish a rolling upgrade promptly).
-- Agencies' rate limits as one token bucket per agency shared by every
-- dancu server on the database (sqlstore/rate_buckets.go): each server
-- draws a small slice of tokens at a time with one statement, so N servers
-- together accept no more than the agency's rate and burst. refilled_us is
-- the drawing server's clock in microseconds since 1970 (integers, the same
-- on both engines); granted is what the last statement handed out.
CREATE TABLE agency_rate_buckets (
    agency_id   TEXT PRIMARY KEY,
    tokens      DOUBLE PRECISION NOT NULL,
    refilled_us BIGINT NOT NULL,
    granted     DOUBLE PRECISION NOT NULL
);
