-- Citizens' VNeID accounts (internal/eid). One account per citizen; the
-- contact (phone, e-mail) is unique among accounts, as a login identifier.
CREATE TABLE eid_accounts (
    id            TEXT PRIMARY KEY,
    citizen_id    TEXT NOT NULL UNIQUE REFERENCES citizens (id),
    level         INTEGER NOT NULL,
    status        TEXT NOT NULL,
    status_reason TEXT NOT NULL DEFAULT '',
    phone         TEXT,
    email         TEXT,
    guardian_id   TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    second_factor INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    activated_at  TEXT,
    version       INTEGER NOT NULL
);
CREATE UNIQUE INDEX eid_accounts_phone ON eid_accounts (phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX eid_accounts_email ON eid_accounts (email) WHERE email IS NOT NULL;
CREATE INDEX eid_accounts_guardian ON eid_accounts (guardian_id) WHERE guardian_id <> '';

-- One-time codes: only an HMAC of the code, keyed by the account.
CREATE TABLE eid_codes (
    account_id TEXT NOT NULL REFERENCES eid_accounts (id),
    purpose    TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (account_id, purpose)
);

-- Enrolments and level decisions with their biometric scores (never the
-- images): the record behind each audited decision.
CREATE TABLE eid_enrolments (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL DEFAULT '',
    citizen_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    level      INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    decisions  TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX eid_enrolments_citizen ON eid_enrolments (citizen_id, at);

CREATE TABLE eid_devices (
    id         TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES eid_accounts (id),
    label      TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    PRIMARY KEY (account_id, id)
);

-- WebAuthn credentials; data is the library's credential record (JSON).
CREATE TABLE eid_passkeys (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES eid_accounts (id),
    name         TEXT NOT NULL,
    data         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX eid_passkeys_account ON eid_passkeys (account_id);

-- Server state between a ceremony's begin and finish, used once.
CREATE TABLE eid_ceremonies (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    data       TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX eid_ceremonies_expires ON eid_ceremonies (expires_at);
