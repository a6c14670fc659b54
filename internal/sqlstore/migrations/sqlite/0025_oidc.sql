-- The OpenID Connect provider (internal/idp). Relying parties are
-- registered by administrators; lists are JSON arrays read and written
-- whole. Client secrets are stored as SHA-256 ('' for a key-only client).
CREATE TABLE oidc_clients (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    legal_basis   TEXT NOT NULL,
    redirect_uris TEXT NOT NULL,
    logout_uris   TEXT NOT NULL,
    scopes        TEXT NOT NULL,
    auth_method   TEXT NOT NULL CHECK (auth_method IN ('client_secret_basic', 'private_key_jwt')),
    fapi          INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
    secret_hash   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);

-- Public keys of private_key_jwt clients.
CREATE TABLE oidc_client_keys (
    client_id TEXT NOT NULL REFERENCES oidc_clients (id),
    kid       TEXT NOT NULL,
    pem       TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (client_id, kid)
);

-- A citizen's standing consent per relying party; withdrawn in the portal.
CREATE TABLE oidc_consents (
    citizen_id   TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    granted_at   TEXT NOT NULL,
    withdrawn_at TEXT,
    PRIMARY KEY (citizen_id, client_id)
);

-- Access and refresh tokens: only the SHA-256 of the value the client
-- holds. grant_id groups the tokens of one authorization (revoked together).
CREATE TABLE oidc_tokens (
    token_hash TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    grant_id   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    citizen_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    level      INTEGER NOT NULL,
    auth_time  TEXT NOT NULL,
    jkt        TEXT NOT NULL DEFAULT '',
    issued_at  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX oidc_tokens_grant ON oidc_tokens (grant_id);
CREATE INDEX oidc_tokens_citizen ON oidc_tokens (citizen_id, client_id);
CREATE INDEX oidc_tokens_expiry ON oidc_tokens (expires_at);
