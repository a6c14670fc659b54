package idp

import (
	"context"
	"time"
)

// Store keeps relying parties, consents and tokens. Not-found reads return
// apperr.NotFound; CreateClient a Conflict for a taken id.
type Store interface {
	CreateClient(ctx context.Context, c Client, secretHash string) error
	Client(ctx context.Context, id string) (Client, string, error) // with its secret hash
	Clients(ctx context.Context) ([]Client, error)
	SetClientStatus(ctx context.Context, id string, s ClientStatus) error
	AddClientKey(ctx context.Context, clientID string, k ClientKey) error

	Consent(ctx context.Context, citizenID, clientID string) (Consent, error)
	PutConsent(ctx context.Context, c Consent) error
	Consents(ctx context.Context, citizenID string) ([]Consent, error)
	WithdrawConsent(ctx context.Context, citizenID, clientID string, at time.Time) error

	// Refresh tokens are stored (as hashes); access tokens are sealed
	// (accesstoken.go) and only their revocations are.
	PutTokens(ctx context.Context, ts ...Token) error
	Token(ctx context.Context, hash string) (Token, error)
	RevokeToken(ctx context.Context, hash string, at time.Time) error
	// RevokeGrant revokes every token of a grant issued up to at,
	// RevokeCitizenTokens every token of a citizen at a relying party, and
	// RevokeAccountTokens every token of a citizen: the stored refresh
	// tokens, and a revocation (GrantRevocation, CitizenClientRevocation,
	// AccountRevocation) for the sealed access tokens.
	RevokeGrant(ctx context.Context, grantID string, at time.Time) error
	RevokeCitizenTokens(ctx context.Context, citizenID, clientID string, at time.Time) error
	RevokeAccountTokens(ctx context.Context, citizenID string, at time.Time) error
	// Revocations lists the revocations made at or after since.
	Revocations(ctx context.Context, since time.Time) ([]Revocation, error)
}

// Tx runs fn in one transaction (sqlstore.DB.InTx).
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Consent is a citizen's standing consent to release scopes to a relying
// party; the consent page is skipped while it covers a request.
type Consent struct {
	CitizenID   string     `json:"citizen_id"`
	ClientID    string     `json:"client_id"`
	Scopes      []string   `json:"scopes"`
	GrantedAt   time.Time  `json:"granted_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
}

// Token kinds.
const (
	KindAccess  = "access"
	KindRefresh = "refresh"
)

// Token is an access or refresh token as stored: its SHA-256, never the
// token itself, with what it grants.
type Token struct {
	Hash      string
	Kind      string
	GrantID   string // one authorization: its code's tokens and refreshes
	ClientID  string
	CitizenID string
	AccountID string
	Scopes    []string
	Level     int
	AuthTime  time.Time
	// JKT binds a DPoP token to the client's key (RFC 9449 cnf.jkt); "" for
	// a bearer token.
	JKT       string
	IssuedAt  time.Time
	ExpiresAt time.Time
	RevokedAt *time.Time
}

// Live reports whether t can be used at now.
func (t Token) Live(now time.Time) bool { return t.RevokedAt == nil && now.Before(t.ExpiresAt) }
