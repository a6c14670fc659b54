-- Expand-only: a new table that version N-1 of the binary never reads.
-- Failed logins per key (a username, an identifier, a client address),
-- counted in fixed windows and shared by every dancu server on the
-- database (sqlstore/login_failures.go), so that N servers do not allow N
-- times the guesses. key_hash is the SHA-256 of the key: the table holds no
-- usernames or addresses.
CREATE TABLE login_failures (
    key_hash     TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    failures     INTEGER NOT NULL
);
CREATE INDEX login_failures_window_start ON login_failures (window_start);
