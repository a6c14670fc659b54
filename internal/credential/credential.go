package credential

import (
	"time"
)

// State is a credential's state; only an active one is valid.
type State string

const (
	Active     State = "active"
	Superseded State = "superseded" // a newer credential replaced it
	Revoked    State = "revoked"    // the card or the account was withdrawn
)

// Reasons for revocation.
const (
	ReasonCardRevoked    = "card_revoked"
	ReasonAccountRevoked = "account_withdrawn"
	ReasonRecordClosed   = "record_closed" // died, missing, merged
)

// VCT is the credential type of the căn cước điện tử.
const VCT = "urn:vn:bocongan:can-cuoc-dien-tu:1"

// Credential is one issued căn cước điện tử.
type Credential struct {
	ID            string
	CitizenID     string
	IDNumber      string // the card's number (the personal ID number)
	ApplicationID string // the card it carries
	StatusIndex   int
	IssuedAt      time.Time
	ExpiresAt     time.Time
	State         State
	ChangedAt     *time.Time // when it left Active
	Reason        string
	// SDJWT is the issued credential with every disclosure, as the holder
	// keeps it.
	SDJWT string
	// HolderKeyRef names the sealed custodial holder key in the blob
	// store; empty when the holder's wallet brought its own key.
	HolderKeyRef string
}

// Presentation is a short-lived link to a presentation of chosen claims
// (one with the photo, which does not fit in a QR code).
type Presentation struct {
	TokenHash    string // SHA-256 of the link's secret, hex; the secret is never stored
	CredentialID string
	CitizenID    string
	Claims       []string
	SDJWT        string // the presentation, with key binding
	CreatedAt    time.Time
	ExpiresAt    time.Time
}

// StatusEntry is one index of the status list that is not valid.
type StatusEntry struct {
	Index int
	State State
}
