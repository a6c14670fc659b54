package credential

import (
	"time"

	"github.com/google/uuid"

	"dancu/internal/audit"
	"dancu/internal/units"
)

// Config wires a Service. Store, Tx, Audit, Citizens, Cards, Keys and
// Issuer are required; Eligibility is required to issue; Blobs to keep
// custodial holder keys.
type Config struct {
	Store       Store
	Tx          Tx
	Audit       audit.Store
	Citizens    Citizens
	Cards       Cards
	Photos      Photos // optional: without it the credential has no picture
	Eligibility Eligibility
	Keys        Keys
	Blobs       BlobStore
	Units       *units.Catalog
	// Issuer is the issuer identifier (iss), an https URL whose
	// /.well-known/jwt-vc-issuer publishes the keys.
	Issuer   string
	Lifetime time.Duration // default one year
	LinkTTL  time.Duration // presentation links; default 10 minutes
	Now      func() time.Time
	NewID    func() string
}

// Service issues, presents, verifies and revokes credentials.
type Service struct {
	cfg    Config
	status statusCache
	usage  usageCache
	keys   keyCache
	nonces nonceStore // wallet key proofs' nonces (wallet.go)
}

// NewService fills defaults.
func NewService(cfg Config) *Service {
	if cfg.Lifetime == 0 {
		cfg.Lifetime = 365 * 24 * time.Hour
	}
	if cfg.LinkTTL == 0 {
		cfg.LinkTTL = 10 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewID == nil {
		cfg.NewID = func() string { return uuid.Must(uuid.NewV7()).String() }
	}
	return &Service{cfg: cfg}
}

// SetEligibility names the accounts' service once it exists (wire builds
// the VNeID service after this one, which it hooks into).
func (s *Service) SetEligibility(e Eligibility) { s.cfg.Eligibility = e }

// Issuer is the issuer identifier.
func (s *Service) Issuer() string { return s.cfg.Issuer }

// StatusListURI is where the status list is published; credentials cite it.
func (s *Service) StatusListURI() string { return s.cfg.Issuer + StatusListPath }

// StatusListPath is the status list's path under the issuer.
const StatusListPath = "/api/v1/credentials/status-list"

// Actor is who acts, for the audit log.
type Actor struct {
	UserID, Username, Role, Unit string
	AgencyID, LegalBasis         string // a partner agency verifying, and its legal basis
	RequestID, Route             string
}

// System is the actor of automatic re-issues and revocations.
var System = Actor{Username: "system", Role: "system"}

func (a Actor) entry(now time.Time, action, citizenID string, fields []string) audit.Entry {
	e := audit.Entry{Time: now, RequestID: a.RequestID, UserID: a.UserID, Username: a.Username, Role: a.Role,
		Unit: a.Unit, Action: action, Route: a.Route, Fields: fields, Result: "ok", AgencyID: a.AgencyID,
		LegalBasis: a.LegalBasis}
	if citizenID != "" {
		e.CitizenIDs = []string{citizenID}
	}
	return e
}
