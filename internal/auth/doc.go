// Package auth is officer accounts, roles, jurisdiction and sessions. It
// hashes passwords with argon2id, issues opaque session tokens of which
// only a SHA-256 is stored, limits failed logins, and decides which
// citizens a user may see. It defines what it needs from storage as the
// Store interface and imports no SQL or HTTP package.
package auth
