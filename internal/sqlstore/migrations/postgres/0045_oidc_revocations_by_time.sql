-- Userinfo checks revocations in memory (internal/idp/revocations.go) and
-- loads the new ones every second by time. Expand-only.
CREATE INDEX oidc_revocations_at ON oidc_revocations (revoked_at);
