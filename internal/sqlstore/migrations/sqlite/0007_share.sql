-- Partner agencies of the verification service. Lists (purposes, fields,
-- events) are JSON arrays: always read and written whole.
CREATE TABLE agencies (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    legal_basis     TEXT NOT NULL,
    purposes        TEXT NOT NULL,
    fields          TEXT NOT NULL,
    events          TEXT NOT NULL,
    rate_per_sec    REAL NOT NULL,
    burst           INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
    cert_thumbprint TEXT NOT NULL DEFAULT '',
    secret_hash     TEXT NOT NULL DEFAULT '', -- argon2id; '' = no secret
    created_at      TEXT NOT NULL
);

-- Public keys for private_key_jwt client assertions; several may be active.
CREATE TABLE agency_keys (
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    kid        TEXT NOT NULL,
    pem        TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    retired_at TEXT,
    PRIMARY KEY (agency_id, kid)
);

-- jti of used client assertions, kept until they expire (replay cache).
CREATE TABLE agency_assertions (
    agency_id  TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (agency_id, jti)
) WITHOUT ROWID;

-- Access tokens: only the SHA-256 of the value the client holds.
CREATE TABLE agency_tokens (
    token_hash      TEXT PRIMARY KEY,
    agency_id       TEXT NOT NULL REFERENCES agencies (id),
    audience        TEXT NOT NULL,
    issued_at       TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    cert_thumbprint TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX agency_tokens_expiry ON agency_tokens (expires_at);

-- The change-notification outbox, written in the transaction of the
-- change. seq orders events (feed cursor, delivery order).
CREATE TABLE share_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX share_events_type ON share_events (type, seq);

-- Webhook subscriptions with their delivery state: delivered_seq is the
-- last event the subscriber acknowledged with a 2xx.
CREATE TABLE share_subscriptions (
    id              TEXT PRIMARY KEY,
    agency_id       TEXT NOT NULL REFERENCES agencies (id),
    url             TEXT NOT NULL,
    types           TEXT NOT NULL,
    secret          TEXT NOT NULL,
    delivered_seq   INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX share_subscriptions_agency ON share_subscriptions (agency_id);
