-- Audit entries of changes, committed in the change's own transaction and
-- moved onto the hash chain right after (sqlstore/audit_intents.go). The
-- chain itself lives in its own file (NAME.audit.db) so that the entries
-- of reads commit apart from the register's write-ahead log; SQLite cannot
-- commit two WAL files atomically, so a change's entry is first an intent
-- row here. entry holds the canonical bytes (audit.Canonical).
-- AUTOINCREMENT: ids never repeat after moved rows are pruned, because the
-- chain remembers the highest id it holds and skips what is below it.
CREATE TABLE audit_intents (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    entry BLOB NOT NULL
);
CREATE TRIGGER audit_intents_no_update BEFORE UPDATE ON audit_intents
BEGIN SELECT RAISE(ABORT, 'audit_intents is append-only'); END;
