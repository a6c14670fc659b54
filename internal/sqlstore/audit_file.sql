-- The audit chain's own SQLite file (NAME.audit.db), beside the register.
-- Same tables as migration 0006 defines in the register (where PostgreSQL
-- keeps them), plus the highest intent id the chain holds.
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

CREATE TABLE audit_subjects (
    seq        INTEGER NOT NULL,
    pos        INTEGER NOT NULL,
    citizen_id TEXT NOT NULL,
    PRIMARY KEY (seq, pos)
) WITHOUT ROWID;
-- The data tracker's index: a citizen's entries within each span of 4,096
-- (seq >> 12) entries. Keyed by citizen alone, every entry dirtied a random
-- leaf of a register-sized index, ~1.7 pages written per entry; a span's
-- leaves are few and are written once per move (audit_span.go).
CREATE INDEX audit_subjects_span_citizen ON audit_subjects (seq >> 12, citizen_id, seq);

CREATE TABLE audit_checkpoints (
    seq       INTEGER PRIMARY KEY,
    hash      TEXT NOT NULL,
    at        TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

CREATE TABLE audit_keys (
    key_id     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The highest id of the register's audit_intents already on the chain,
-- written in the same transaction as the entries it moved: a move that
-- crashed after this commit is not repeated.
CREATE TABLE audit_intents_moved (
    one     INTEGER PRIMARY KEY CHECK (one = 1),
    through INTEGER NOT NULL
);

-- The highest jseq of the audit journal (NAME.audit.journal: reads'
-- entries spooled before they are chained) already on the chain, written
-- in the same transaction as the entries it moved.
CREATE TABLE audit_journal_moved (
    one     INTEGER PRIMARY KEY CHECK (one = 1),
    through INTEGER NOT NULL
);

-- The register this chain belongs to (settings.register_id there): a
-- register recreated beside an old audit file must not continue a chain
-- whose intents' mark is someone else's.
CREATE TABLE audit_register (
    one         INTEGER PRIMARY KEY CHECK (one = 1),
    register_id TEXT NOT NULL
);

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
