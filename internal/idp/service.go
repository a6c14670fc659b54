package idp

import (
	"context"
	"errors"
	"time"

	"dancu/internal/audit"
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// Principal is a citizen authenticated by their VNeID account.
type Principal struct {
	AccountID string
	CitizenID string
	Level     int
	AuthTime  time.Time
	Methods   []string // amr values, e.g. "pwd", "hwk"
}

// Accounts is what the provider needs from citizens' accounts
// (internal/eid): a password login, and whether an account may still be
// used (a suspended or expired account may not, even with a live token).
type Accounts interface {
	Authenticate(ctx context.Context, identifier, password string) (Principal, error)
	Usable(ctx context.Context, accountID string) error
}

// Citizens reads the register record claims are taken from: the current
// version's JSON as stored (one row; no relatives' links, which no claim
// needs, and possibly without id, version and updated_at, which none
// needs either).
type Citizens interface {
	StoredRecord(ctx context.Context, id string) ([]byte, error)
}

// citizen reads the current record of citizen id, decoding only what
// claims are made of; a record read in the last second is reused
// (claimcache.go).
func (s *Service) citizen(ctx context.Context, id string) (registry.Citizen, error) {
	now := time.Now()
	if f, ok := s.claims.get(id, now); ok {
		return f.citizen(), nil
	}
	data, err := s.cfg.Citizens.StoredRecord(ctx, id)
	if err != nil {
		return registry.Citizen{}, err
	}
	f, err := decodeClaimFields(data)
	if err != nil {
		return registry.Citizen{}, err
	}
	s.claims.put(id, f, now)
	return f.citizen(), nil
}

// claimFields are the members of a stored record (registry.Citizen's JSON
// names) that Claims reads. Decoding only them skips building the rest of
// the record, twice per login flow; TestClaimFieldsMatchTheRecord fails if
// a name drifts from registry.Citizen's.
type claimFields struct {
	IDNumber  string             `json:"id_number"`
	FullName  string             `json:"full_name"`
	BirthDate pdate.Date         `json:"birth_date"`
	Sex       registry.Sex       `json:"sex"`
	Permanent registry.Residence `json:"permanent"`
	Phone     string             `json:"phone"`
	Email     string             `json:"email"`
}

func (f claimFields) citizen() registry.Citizen {
	return registry.Citizen{IDNumber: f.IDNumber, FullName: f.FullName, BirthDate: f.BirthDate, Sex: f.Sex,
		Permanent: f.Permanent, Phone: f.Phone, Email: f.Email}
}

// ErrAccountUnusable is wrapped by Accounts.Usable for a suspended,
// expired or closed account.
var ErrAccountUnusable = errors.New("account cannot be used")

// Config is what the provider's service is built from.
type Config struct {
	Store    Store
	Tx       Tx
	Keys     *KeyRing
	Accounts Accounts
	// Passkeys log citizens in with a passkey; nil offers none.
	Passkeys Passkeys
	Citizens Citizens
	// Audit records every token issuance and userinfo answer, with the
	// claims released, before the answer is sent.
	Audit    audit.Recorder
	UnitName UnitName
	Now      func() time.Time
	// Lifetimes; zero takes the default.
	CodeTTL, AccessTTL, RefreshTTL, RequestTTL, SessionTTL time.Duration
}

// Service is the provider's one home for its use cases: the web handlers,
// the CLI and the citizen portal all call it.
type Service struct {
	cfg     Config
	pending *pending
	jtis    *jtiCache
	clients clientCache
	// revocations mirror the stored ones for userinfo (revocations.go).
	revocations *revocationIndex
	claims      claimCache
}

// NewService builds the provider's service.
func NewService(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.CodeTTL, time.Minute)
	def(&cfg.AccessTTL, 10*time.Minute)
	def(&cfg.RefreshTTL, 8*time.Hour)
	def(&cfg.RequestTTL, 10*time.Minute)
	def(&cfg.SessionTTL, 30*time.Minute)
	return &Service{cfg: cfg, pending: newPending(), jtis: newJTICache(), revocations: newRevocationIndex()}
}

// Keys is the provider's key ring (JWKS, signing).
func (s *Service) Keys() *KeyRing { return s.cfg.Keys }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.cfg.Now() }

// AccessTTL is the access tokens' lifetime.
func (s *Service) AccessTTL() time.Duration { return s.cfg.AccessTTL }

// RequestTTL is how long a pushed request_uri lives.
func (s *Service) RequestTTL() time.Duration { return s.cfg.RequestTTL }
