package share

import (
	"context"
	"time"
)

// AgencyKey is a public key an agency signs client assertions with.
// Several may be active at once, so a partner can rotate: add the new
// key, switch its signer, then retire the old one.
type AgencyKey struct {
	AgencyID  string     `json:"agency_id"`
	KID       string     `json:"kid"`
	PEM       string     `json:"public_key_pem"`
	AddedAt   time.Time  `json:"added_at"`
	RetiredAt *time.Time `json:"retired_at,omitempty"`
}

// AccessToken is an issued token as stored: only the SHA-256 of the
// value the client holds.
type AccessToken struct {
	Hash      string
	AgencyID  string
	Audience  string
	IssuedAt  time.Time
	ExpiresAt time.Time
	// CertThumbprint binds the token to the client certificate it was
	// issued over (RFC 8705); "" for an unbound token.
	CertThumbprint string
}

// Store is what sharing needs from storage. Implementations return
// *apperr.Error values (NotFound, Conflict) for expected failures.
type Store interface {
	CreateAgency(ctx context.Context, a Agency, secretHash string) error
	Agency(ctx context.Context, id string) (Agency, error)
	Agencies(ctx context.Context) ([]Agency, error)
	// AgencySecretHash returns the argon2id hash of the client secret
	// ("" when the agency authenticates by key or certificate only).
	AgencySecretHash(ctx context.Context, id string) (string, error)
	SetAgencyStatus(ctx context.Context, id string, st AgencyStatus) error
	SetAgencySecret(ctx context.Context, id, secretHash string) error
	AddAgencyKey(ctx context.Context, k AgencyKey) error
	RetireAgencyKey(ctx context.Context, agencyID, kid string, at time.Time) error
	// AgencyKeys lists the agency's keys, retired ones included.
	AgencyKeys(ctx context.Context, agencyID string) ([]AgencyKey, error)
	// UseAssertionID records a client assertion's jti until exp; Conflict
	// if it was seen before (a replay).
	UseAssertionID(ctx context.Context, agencyID, jti string, exp time.Time) error

	SaveToken(ctx context.Context, t AccessToken) error
	Token(ctx context.Context, hash string) (AccessToken, error)
	RevokeToken(ctx context.Context, hash string) error
	// PurgeExpired deletes expired tokens and assertion ids.
	PurgeExpired(ctx context.Context, now time.Time) (int, error)

	// MatchSubject reads what matching needs about the holder of a current
	// ID number; NotFound when no citizen holds it. Address is read only
	// when withAddress is set.
	MatchSubject(ctx context.Context, number string, withAddress bool) (Subject, error)

	// Events lists outbox events after seq of the given types, in order.
	Events(ctx context.Context, after int64, types []EventType, limit int) ([]Event, error)
	CreateSubscription(ctx context.Context, s Subscription) error
	Subscriptions(ctx context.Context, agencyID string) ([]Subscription, error)
	DeleteSubscription(ctx context.Context, agencyID, id string) error
	// DueSubscriptions lists subscriptions whose next attempt is due, with
	// their secrets, for the dispatcher.
	DueSubscriptions(ctx context.Context, now time.Time) ([]Subscription, error)
	// MarkDelivered advances a subscription past seq and clears its failures.
	MarkDelivered(ctx context.Context, subscriptionID string, seq int64) error
	// MarkFailed records a failed attempt and when to try again.
	MarkFailed(ctx context.Context, subscriptionID string, attempts int, next time.Time, reason string) error
}
