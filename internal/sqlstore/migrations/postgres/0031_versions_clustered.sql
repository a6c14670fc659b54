-- SQLite's 0031 makes the version log a WITHOUT ROWID table keyed by
-- (citizen_id, version). PostgreSQL has no clustered tables: its heap with
-- the primary-key index stays as it is, so this step changes nothing here.
SELECT 1;
