-- The current-state projection of each citizen. The full record lives in
-- citizen_versions; this table carries only what queries filter on.
CREATE TABLE citizens (
    id                 TEXT PRIMARY KEY,
    id_number          TEXT,
    old_id_number      TEXT,
    record_ref         TEXT,
    content_hash       INTEGER NOT NULL DEFAULT 0,
    full_name          TEXT NOT NULL,
    name_key           TEXT NOT NULL,
    birth_year         INTEGER NOT NULL,
    birth_date         TEXT NOT NULL,
    sex                TEXT NOT NULL,
    status             TEXT NOT NULL,
    permanent_commune  TEXT,
    permanent_province TEXT,
    household_ref      TEXT,
    version            INTEGER NOT NULL,
    updated_at         TEXT NOT NULL,
    -- Relatives' numbers, so reads link them to citizens without parsing
    -- the record (see sqlstore/links.go).
    father_number      TEXT,
    mother_number      TEXT,
    spouse_number      TEXT,
    representative_number TEXT,
    head_number        TEXT
);
CREATE UNIQUE INDEX citizens_id_number ON citizens (id_number) WHERE id_number IS NOT NULL;
CREATE UNIQUE INDEX citizens_record_ref ON citizens (record_ref) WHERE record_ref IS NOT NULL;
CREATE INDEX citizens_name ON citizens (name_key, birth_year);
CREATE INDEX citizens_old_id_number ON citizens (old_id_number) WHERE old_id_number IS NOT NULL;
CREATE INDEX citizens_household ON citizens (household_ref) WHERE household_ref IS NOT NULL;
CREATE INDEX citizens_commune ON citizens (permanent_commune, name_key);

-- Append-only history: one row per version, never updated or deleted.
-- A rowid table (not WITHOUT ROWID): rows carry a whole record as JSON, and
-- SQLite stores large rows best in rowid order with a small separate key.
CREATE TABLE citizen_versions (
    citizen_id  TEXT NOT NULL,
    version     INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    previous    TEXT,
    data        TEXT NOT NULL,
    PRIMARY KEY (citizen_id, version)
);

CREATE TRIGGER citizen_versions_no_update BEFORE UPDATE ON citizen_versions
BEGIN SELECT RAISE(ABORT, 'citizen_versions is append-only'); END;
CREATE TRIGGER citizen_versions_no_delete BEFORE DELETE ON citizen_versions
BEGIN SELECT RAISE(ABORT, 'citizen_versions is append-only'); END;
CREATE TRIGGER citizens_no_delete BEFORE DELETE ON citizens
BEGIN SELECT RAISE(ABORT, 'citizens are never deleted; change the status'); END;

-- Numbers that were cancelled stay here forever, linked to their person,
-- so they are never issued again.
CREATE TABLE cancelled_id_numbers (
    number       TEXT PRIMARY KEY,
    citizen_id   TEXT NOT NULL,
    cancelled_at TEXT NOT NULL,
    reason       TEXT NOT NULL,
    replaced_by  TEXT
);
CREATE INDEX cancelled_id_numbers_citizen ON cancelled_id_numbers (citizen_id);

-- Next draw index of each ID-number block (PPPGYY); see idnumber.Sequencer.
CREATE TABLE id_blocks (
    block  TEXT PRIMARY KEY,
    next_n INTEGER NOT NULL
);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE import_batches (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL,
    stats       TEXT
);

CREATE TABLE import_conflicts (
    id         INTEGER PRIMARY KEY,
    batch_id   INTEGER NOT NULL REFERENCES import_batches (id),
    record_ref TEXT NOT NULL,
    line       INTEGER NOT NULL,
    citizen_id TEXT NOT NULL,
    id_number  TEXT,
    fields     TEXT,
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX import_conflicts_batch ON import_conflicts (batch_id);
