-- sqlite: foreign keys off
-- The version log is keyed by the citizen's integer rid instead of the
-- 36-byte text id (issue 14 item 4, storage per citizen). The text id was
-- stored in every version row and again in its primary-key index: ~70 of
-- the ~1,610 bytes a citizen took at 1M (dbstat). citizens gets an explicit
-- INTEGER PRIMARY KEY (rid) so VACUUM can never renumber what the version
-- rows point at (it may renumber an implicit rowid); id stays unique and
-- is what every API and every other table names a citizen by. Both tables
-- are rebuilt (SQLite cannot change a primary key in place), keeping each
-- citizen's old rowid as its rid, so rows stay in the order they were
-- written. The migration runs with foreign keys off (migrate.go) because
-- other tables reference citizens (id); foreign_key_check runs before it
-- commits.
CREATE TABLE citizens_new (
    rid                INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL,
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
    father_number      TEXT,
    mother_number      TEXT,
    spouse_number      TEXT,
    representative_number TEXT,
    head_number        TEXT,
    batch_id           INTEGER,
    father_id          TEXT,
    mother_id          TEXT,
    spouse_id          TEXT,
    representative_id  TEXT,
    head_id            TEXT
);
INSERT INTO citizens_new (rid, id, id_number, old_id_number, record_ref, content_hash, full_name, name_key, birth_year,
    birth_date, sex, status, permanent_commune, permanent_province, household_ref, version, updated_at, father_number,
    mother_number, spouse_number, representative_number, head_number, batch_id, father_id, mother_id, spouse_id,
    representative_id, head_id)
SELECT rowid, id, id_number, old_id_number, record_ref, content_hash, full_name, name_key, birth_year,
    birth_date, sex, status, permanent_commune, permanent_province, household_ref, version, updated_at, father_number,
    mother_number, spouse_number, representative_number, head_number, batch_id, father_id, mother_id, spouse_id,
    representative_id, head_id
FROM citizens ORDER BY rowid;

-- Append-only history: one row per version, never updated or deleted.
CREATE TABLE citizen_versions_new (
    citizen_rid INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    previous    TEXT,
    data        TEXT NOT NULL,
    PRIMARY KEY (citizen_rid, version)
);
INSERT INTO citizen_versions_new (citizen_rid, version, recorded_at, valid_from, actor, reason, previous, data)
SELECT c.rowid, v.version, v.recorded_at, v.valid_from, v.actor, v.reason, v.previous, v.data
FROM citizen_versions v JOIN citizens c ON c.id = v.citizen_id ORDER BY v.rowid;

DROP TABLE citizen_versions;
DROP TABLE citizens;
ALTER TABLE citizens_new RENAME TO citizens;
ALTER TABLE citizen_versions_new RENAME TO citizen_versions;

CREATE UNIQUE INDEX citizens_id ON citizens (id);
CREATE UNIQUE INDEX citizens_id_number ON citizens (id_number) WHERE id_number IS NOT NULL;
CREATE UNIQUE INDEX citizens_record_ref ON citizens (record_ref) WHERE record_ref IS NOT NULL;
CREATE INDEX citizens_name ON citizens (name_key, birth_year);
CREATE INDEX citizens_old_id_number ON citizens (old_id_number) WHERE old_id_number IS NOT NULL;
CREATE INDEX citizens_household ON citizens (household_ref) WHERE household_ref IS NOT NULL;
CREATE INDEX citizens_commune ON citizens (permanent_commune, name_key);
CREATE INDEX citizens_father_number ON citizens (father_number) WHERE father_number IS NOT NULL;
CREATE INDEX citizens_mother_number ON citizens (mother_number) WHERE mother_number IS NOT NULL;
CREATE INDEX citizens_spouse_number ON citizens (spouse_number) WHERE spouse_number IS NOT NULL;
CREATE INDEX citizens_representative_number ON citizens (representative_number) WHERE representative_number IS NOT NULL;
CREATE INDEX citizens_head_number ON citizens (head_number) WHERE head_number IS NOT NULL;

CREATE TRIGGER citizen_versions_no_update BEFORE UPDATE ON citizen_versions
BEGIN SELECT RAISE(ABORT, 'citizen_versions is append-only'); END;
CREATE TRIGGER citizen_versions_no_delete BEFORE DELETE ON citizen_versions
BEGIN SELECT RAISE(ABORT, 'citizen_versions is append-only'); END;
CREATE TRIGGER citizens_no_delete BEFORE DELETE ON citizens
BEGIN SELECT RAISE(ABORT, 'citizens are never deleted; change the status'); END;
