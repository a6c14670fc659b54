package wire

import (
	"dancu/internal/credential"
	"dancu/internal/sqlstore"
)

// CredentialConfig is what the căn cước điện tử needs beyond the
// database: the credential issuer key under the national PKI and the
// issuer identifier (the server's public https URL).
type CredentialConfig struct {
	Keys   credential.Keys // nil: issuance refused until a key is configured
	Issuer string          // default https://localhost
}

// Credentials is the căn cước điện tử's service over db. The VNeID
// accounts' service is named later as its Eligibility (SetEligibility).
func Credentials(db *sqlstore.DB, cfg Config) *credential.Service {
	keys, issuer := cfg.Credentials.Keys, cfg.Credentials.Issuer
	if keys == nil {
		keys = credential.NoKeys{}
	}
	if issuer == "" {
		issuer = "https://localhost"
	}
	return credential.NewService(credential.Config{
		Store: db.Credentials(), Tx: db, Audit: db.AuditLog(), Citizens: db.Citizens(), Cards: db.Issuance(),
		Photos: credential.CardPhotos{Chips: db.Issuance(), Blobs: cfg.Blobs}, Keys: keys, Blobs: cfg.Blobs,
		Units: db.Units(), Issuer: issuer, Now: db.Now,
	})
}
