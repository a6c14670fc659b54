-- The version log keyed by (citizen_id, version) itself (WITHOUT ROWID):
-- one B-tree instead of a rowid table plus its primary-key index, which
-- repeated each row's 36-byte citizen id (dbstat at 100k citizens: 50 bytes
-- a version), and one B-tree probe for a point read's join instead of two.
-- With 16 KiB pages (sqlitePageSize) a ~1 KB record stays on its leaf page;
-- with 4 KiB pages it would spill to overflow pages, which is why the log
-- was a rowid table before. A later version lands next to its earlier ones
-- and may split a full leaf: the history of changed records is stored less
-- densely than a bulk load, which is written in key order.
CREATE TABLE citizen_versions_keyed (
    citizen_id  TEXT NOT NULL,
    version     INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    previous    TEXT,
    data        TEXT NOT NULL,
    PRIMARY KEY (citizen_id, version)
) WITHOUT ROWID;
INSERT INTO citizen_versions_keyed (citizen_id, version, recorded_at, valid_from, actor, reason, previous, data)
    SELECT citizen_id, version, recorded_at, valid_from, actor, reason, previous, data FROM citizen_versions ORDER BY citizen_id, version;
DROP TABLE citizen_versions;
ALTER TABLE citizen_versions_keyed RENAME TO citizen_versions;

CREATE TRIGGER citizen_versions_no_update BEFORE UPDATE ON citizen_versions
BEGIN SELECT RAISE(ABORT, 'citizen_versions is append-only'); END;
CREATE TRIGGER citizen_versions_no_delete BEFORE DELETE ON citizen_versions
BEGIN SELECT RAISE(ABORT, 'citizen_versions is append-only'); END;
