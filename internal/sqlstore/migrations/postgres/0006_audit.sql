-- The audit log: one row per access to personal data, hash-chained (see
-- internal/audit). entry holds the canonical bytes the chain hashes; the
-- other columns copy what queries filter on, and verification checks that
-- they agree with entry. One blob instead of eighteen columns made a row
-- several times cheaper to insert.
CREATE TABLE audit_log (
    seq          BIGINT PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    user_id      TEXT NOT NULL,
    agency_id    TEXT NOT NULL,
    confidential BOOLEAN NOT NULL,
    entry        BYTEA NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_log_user ON audit_log (user_id, seq) WHERE user_id <> '';
CREATE INDEX audit_log_agency ON audit_log (agency_id, seq) WHERE agency_id <> '';
CREATE INDEX audit_log_at ON audit_log (at);

-- The citizens of each entry, in entry order, for the data tracker. They
-- are part of the entry's canonical bytes; verification checks these rows
-- against them, so a removed row is detected.
CREATE TABLE audit_subjects (
    seq        BIGINT NOT NULL,
    pos        INTEGER NOT NULL,
    citizen_id TEXT NOT NULL,
    PRIMARY KEY (seq, pos)
);
CREATE INDEX audit_subjects_citizen ON audit_subjects (citizen_id, seq);

-- Signed (seq, hash, time) statements; signature is base64.
CREATE TABLE audit_checkpoints (
    seq       BIGINT PRIMARY KEY,
    hash      TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

-- Public keys that signed checkpoints (PEM), for convenience only: a
-- verifier should trust a copy kept apart from the database.
CREATE TABLE audit_keys (
    key_id     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Citizen sessions for the data tracker until e-ID login exists: only the
-- SHA-256 of each token is kept.
CREATE TABLE citizen_tokens (
    token_hash TEXT PRIMARY KEY,
    citizen_id TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX citizen_tokens_expiry ON citizen_tokens (expires_at);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION dancu_append_only();
CREATE TRIGGER audit_subjects_append_only BEFORE UPDATE OR DELETE ON audit_subjects
    FOR EACH ROW EXECUTE FUNCTION dancu_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION dancu_append_only();
CREATE TRIGGER audit_keys_append_only BEFORE UPDATE OR DELETE ON audit_keys
    FOR EACH ROW EXECUTE FUNCTION dancu_append_only();
-- TRUNCATE bypasses row triggers.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION dancu_append_only();
CREATE TRIGGER audit_subjects_no_truncate BEFORE TRUNCATE ON audit_subjects
    FOR EACH STATEMENT EXECUTE FUNCTION dancu_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION dancu_append_only();
