-- The audit log: one row per access to personal data, hash-chained (see
-- internal/audit). entry holds the canonical bytes the chain hashes; the
-- other columns copy what queries filter on, and verification checks that
-- they agree with entry. One blob instead of eighteen columns made a row
-- several times cheaper to insert.
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    agency_id    TEXT NOT NULL,
    confidential INTEGER NOT NULL,
    entry        BLOB NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_log_user ON audit_log (user_id, seq) WHERE user_id <> '';
CREATE INDEX audit_log_agency ON audit_log (agency_id, seq) WHERE agency_id <> '';
CREATE INDEX audit_log_at ON audit_log (at);

-- The citizens of each entry, in entry order, for the data tracker. They
-- are part of the entry's canonical bytes; verification checks these rows
-- against them, so a removed row is detected.
CREATE TABLE audit_subjects (
    seq        INTEGER NOT NULL,
    pos        INTEGER NOT NULL,
    citizen_id TEXT NOT NULL,
    PRIMARY KEY (seq, pos)
) WITHOUT ROWID;
CREATE INDEX audit_subjects_citizen ON audit_subjects (citizen_id, seq);

-- Signed (seq, hash, time) statements; signature is base64.
CREATE TABLE audit_checkpoints (
    seq       INTEGER PRIMARY KEY,
    hash      TEXT NOT NULL,
    at        TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

-- Public keys that signed checkpoints (PEM), for convenience only: a
-- verifier should trust a copy kept apart from the database.
CREATE TABLE audit_keys (
    key_id     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Citizen sessions for the data tracker until e-ID login exists: only the
-- SHA-256 of each token is kept.
CREATE TABLE citizen_tokens (
    token_hash TEXT PRIMARY KEY,
    citizen_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX citizen_tokens_expiry ON citizen_tokens (expires_at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE ON audit_subjects
BEGIN SELECT RAISE(ABORT, 'audit_subjects is append-only'); END;
CREATE TRIGGER audit_subjects_no_delete BEFORE DELETE ON audit_subjects
BEGIN SELECT RAISE(ABORT, 'audit_subjects is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_keys_no_update BEFORE UPDATE ON audit_keys
BEGIN SELECT RAISE(ABORT, 'audit_keys is append-only'); END;
CREATE TRIGGER audit_keys_no_delete BEFORE DELETE ON audit_keys
BEGIN SELECT RAISE(ABORT, 'audit_keys is append-only'); END;
