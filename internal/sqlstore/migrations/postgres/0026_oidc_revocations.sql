-- PostgreSQL twin of sqlite/0026_oidc_revocations.sql. Access tokens are sealed, not stored (internal/idp/accesstoken.go); what
-- is stored is their revocation: key 'g:<grant>' revokes a grant's tokens,
-- 'c:<citizen>:<client>' every token of a citizen at a relying party
-- (consent withdrawn), each issued up to revoked_at.
CREATE TABLE oidc_revocations (
    key        TEXT PRIMARY KEY,
    revoked_at TIMESTAMPTZ NOT NULL
);
