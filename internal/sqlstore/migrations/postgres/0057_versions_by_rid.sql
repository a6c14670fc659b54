-- The version log is keyed by the citizen's integer rid instead of the
-- 36-byte text id (issue 14 item 4, storage per citizen): the text id was
-- in every version row and again in its primary-key index. citizens gets
-- rid from a sequence as its primary key, as on SQLite (where it is the
-- table's INTEGER PRIMARY KEY); id stays unique, and is what every API and
-- every other table names a citizen by. The foreign keys naming
-- citizens (id) depend on the index that enforces it, so they are dropped
-- while the primary key moves to rid and added back on the unique index.
-- The version table is rebuilt rather than updated in place, which would
-- leave every row's old version dead behind it (and the append-only
-- trigger refuses updates).
ALTER TABLE citizens ADD COLUMN rid BIGSERIAL;
ALTER TABLE citizens ALTER COLUMN id SET NOT NULL;
CREATE UNIQUE INDEX citizens_id ON citizens (id);
DO $$
DECLARE
    r record;
    fks text[] := '{}';
    fk text;
BEGIN
    FOR r IN SELECT conrelid::regclass AS tbl, conname, pg_get_constraintdef(oid) AS def
             FROM pg_constraint WHERE contype = 'f' AND confrelid = 'citizens'::regclass LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
        fks := fks || format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
    END LOOP;
    ALTER TABLE citizens DROP CONSTRAINT citizens_pkey;
    ALTER TABLE citizens ADD CONSTRAINT citizens_pkey PRIMARY KEY (rid);
    FOREACH fk IN ARRAY fks LOOP
        EXECUTE fk;
    END LOOP;
END $$;

CREATE TABLE citizen_versions_new (
    citizen_rid BIGINT NOT NULL,
    version     INTEGER NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    valid_from  TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    previous    TEXT,
    data        TEXT NOT NULL,
    PRIMARY KEY (citizen_rid, version)
);
INSERT INTO citizen_versions_new (citizen_rid, version, recorded_at, valid_from, actor, reason, previous, data)
SELECT c.rid, v.version, v.recorded_at, v.valid_from, v.actor, v.reason, v.previous, v.data
FROM citizen_versions v JOIN citizens c ON c.id = v.citizen_id ORDER BY c.rid, v.version;
DROP TABLE citizen_versions;
ALTER TABLE citizen_versions_new RENAME TO citizen_versions;
ALTER INDEX citizen_versions_new_pkey RENAME TO citizen_versions_pkey;
CREATE TRIGGER citizen_versions_append_only BEFORE UPDATE OR DELETE ON citizen_versions
    FOR EACH ROW EXECUTE FUNCTION dancu_append_only();
