-- The căn cước điện tử (internal/credential): every SD-JWT VC issued, with
-- its entry in the status list. A credential is never deleted: a
-- superseded or revoked one keeps its index, which the published status
-- list marks invalid. One active credential per citizen at most.
CREATE TABLE credentials (
    id             TEXT PRIMARY KEY,
    citizen_id     TEXT NOT NULL REFERENCES citizens (id),
    id_number      TEXT NOT NULL,
    application_id TEXT NOT NULL,
    status_index   INTEGER NOT NULL UNIQUE,
    issued_at      TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('active', 'superseded', 'revoked')),
    changed_at     TEXT,
    reason         TEXT NOT NULL DEFAULT '',
    sd_jwt         TEXT NOT NULL,
    holder_key_ref TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX credentials_active ON credentials (citizen_id) WHERE state = 'active';
CREATE INDEX credentials_ended ON credentials (status_index) WHERE state <> 'active';

-- Short-lived presentation links: the hash of the link's secret, never
-- the secret, and the key-bound presentation it serves.
CREATE TABLE credential_presentations (
    token_hash    TEXT PRIMARY KEY,
    credential_id TEXT NOT NULL REFERENCES credentials (id),
    citizen_id    TEXT NOT NULL REFERENCES citizens (id),
    claims        TEXT NOT NULL,
    sd_jwt        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX credential_presentations_expiry ON credential_presentations (expires_at);
