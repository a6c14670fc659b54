-- Audit entries of changes, committed in the change's own transaction and
-- moved onto the hash chain right after (sqlstore/audit_intents.go), so a
-- change never holds the chain's lock: the chain's appends (the group
-- commits of reads' entries) run on their own connections. The move
-- deletes the intent and appends the entry in one transaction. entry holds
-- the canonical bytes (audit.Canonical).
CREATE TABLE audit_intents (
    id    BIGSERIAL PRIMARY KEY,
    entry BYTEA NOT NULL
);
CREATE TRIGGER audit_intents_no_update BEFORE UPDATE ON audit_intents
    FOR EACH ROW EXECUTE FUNCTION dancu_append_only();
