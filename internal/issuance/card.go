package issuance

import (
	"time"
)

// CardState is a card record's state. A card is produced, becomes active
// when handed over, and is revoked when replaced, lost or stolen.
type CardState string

const (
	CardProduced CardState = "produced"
	CardActive   CardState = "active"
	CardRevoked  CardState = "revoked"
)

// Reasons a card is revoked.
const (
	RevokedReplaced = "replaced" // the holder received a newer card
	RevokedLost     = "lost"
	RevokedStolen   = "stolen"
)

// Card is one physical card. Number is the holder's ID number, so a
// person's successive cards share it; ApplicationID identifies the card.
type Card struct {
	Number        string     `json:"number"`
	CitizenID     string     `json:"citizen_id"`
	ApplicationID string     `json:"application_id"`
	IssueDate     time.Time  `json:"issue_date"`
	ExpiryDate    *time.Time `json:"expiry_date,omitempty"` // nil: lifetime
	State         CardState  `json:"state"`
	RevokedAt     *time.Time `json:"revoked_at,omitempty"`
	RevokedReason string     `json:"revoked_reason,omitempty"`
}

// Validity is what a verifier learns about a card number.
type Validity string

const (
	Valid   Validity = "valid"
	Expired Validity = "expired"
	Revoked Validity = "revoked"
	Unknown Validity = "unknown"
)

// StatusOf answers a verifier from the cards bearing one number: the
// active card decides; without one, a revoked card means revoked; a card
// still in production, or none, is unknown.
func StatusOf(cards []Card, day time.Time) Validity {
	revoked := false
	for _, c := range cards {
		switch c.State {
		case CardActive:
			if c.ExpiryDate != nil && !day.Before(*c.ExpiryDate) {
				return Expired
			}
			return Valid
		case CardRevoked:
			revoked = true
		}
	}
	if revoked {
		return Revoked
	}
	return Unknown
}
