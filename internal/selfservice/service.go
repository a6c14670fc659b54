// Package selfservice is the citizen's side of the register: a citizen,
// logged in with their VNeID account, reads their own record, household,
// residence, cards and card applications, and who accessed their data.
// It is the one home of those use cases (the portal calls it; an API route
// for citizens would too): the rule that a citizen reads only their own
// record lives here, not in a handler, and every read is audited with the
// citizen as the actor, so it shows in their own data tracker.
//
// The package imports no SQL or HTTP package.
package selfservice

import (
	"context"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/credential"
	"dancu/internal/idp"
	"dancu/internal/issuance"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// CardStore is the card side a citizen reads: their cards and their
// applications with each one's steps.
type CardStore interface {
	CardsByNumber(ctx context.Context, number string) ([]issuance.Card, error)
	ApplicationsOfCitizen(ctx context.Context, citizenID string) ([]issuance.Application, error)
	Transitions(ctx context.Context, applicationID string) ([]issuance.Transition, error)
}

// AccessLog is the audit log's query side the data tracker reads.
type AccessLog interface {
	AuditEntries(ctx context.Context, f audit.Filter) ([]audit.Record, error)
}

// Config wires a Service; every field but Now, Credentials and Consents
// is required.
type Config struct {
	Citizens registry.Store
	Cards    CardStore
	Log      AccessLog
	// Audit records each disclosure before it is shown.
	Audit audit.Recorder
	Units *units.Catalog
	Now   func() time.Time
	// Credentials is the căn cước điện tử; nil: not offered.
	Credentials *credential.Service
	// Consents are the consents given to relying parties of the OpenID
	// Connect provider; nil: not offered.
	Consents Consents
}

// Consents is the provider's side of a citizen's consents.
type Consents interface {
	Consents(ctx context.Context, citizenID string) ([]idp.ConsentView, error)
	WithdrawConsent(ctx context.Context, citizenID, clientID string) error
}

// Service serves a citizen their own data.
type Service struct{ cfg Config }

// New fills defaults.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}
}

// Audited actions of a citizen's reads.
const (
	ActionRecord    = "self.record.read"
	ActionHousehold = "self.household.read"
	ActionCards     = "self.cards.read"
	ActionTracker   = "tracker.read" // the API's tracker read records the same action
)

// purpose is the purpose of every self-service read, as the tracker shows it.
const purpose = "công dân tra cứu thông tin của bản thân"

// self reads the citizen's own current record; the principal is checked
// first, and a record merged into another is read as the surviving one.
func (s *Service) self(ctx context.Context, c auth.Citizen) (registry.Citizen, error) {
	if err := c.Check(); err != nil {
		return registry.Citizen{}, err
	}
	z, err := s.cfg.Citizens.Citizen(ctx, c.CitizenID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return z, apperr.New(apperr.NotFound, "your record was not found in the register; contact your commune police")
	}
	return z, err
}

// disclose records that ids were shown to the citizen. trail carries the
// request (RequestID, Route); the rest is set here.
func (s *Service) disclose(ctx context.Context, c auth.Citizen, trail audit.Entry, action string, ids []string, fields ...string) error {
	trail.Time = s.cfg.Now().UTC()
	trail.UserID, trail.Role, trail.Unit = c.AccountID, audit.RoleCitizen, ""
	trail.Action, trail.CitizenIDs, trail.Fields, trail.Result = action, ids, fields, "ok"
	if trail.Purpose == "" {
		trail.Purpose = purpose
	}
	if err := s.cfg.Audit.Record(ctx, trail); err != nil {
		return apperr.Wrap(err, "record audit entry")
	}
	return nil
}

// Identify finds the record a login names by its ID number claim (the
// identity provider released it to the portal, and audited that): the
// opaque id of the living record bearing that number.
func (s *Service) Identify(ctx context.Context, idNumber string) (string, error) {
	denied := apperr.New(apperr.Unauthenticated, "the login names no record of the register")
	if len(idNumber) != 12 {
		return "", denied
	}
	z, err := s.cfg.Citizens.CitizenByIDNumber(ctx, idNumber)
	if apperr.CodeOf(err) == apperr.NotFound {
		return "", denied
	}
	if err != nil {
		return "", err
	}
	if z.Status == registry.Dead || z.Status == registry.Merged {
		return "", denied
	}
	return z.ID, nil
}
