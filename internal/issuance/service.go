package issuance

import (
	"time"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/card"
	"dancu/internal/units"
)

// Config wires a Service. Store, Citizens and Units are required.
type Config struct {
	Store    Store
	Citizens Citizens
	Units    *units.Catalog
	// Calendar computes promised dates and lateness; default the
	// Vietnamese public-holiday calendar of internal/card.
	Calendar *card.Calendar
	Fee      FeeFunc   // default card.ApplicationFee
	Blobs    BlobStore // for StoreCapture; may be nil
	Now      func() time.Time
	NewID    func() string // default UUIDv7
	// CardHooks hear of cards activated and revoked (the căn cước điện tử).
	CardHooks []CardHook
}

// Service applies the issuance rules for an officer; every method checks
// the role and jurisdiction of the user it is given.
type Service struct{ cfg Config }

// NewService fills defaults.
func NewService(cfg Config) *Service {
	if cfg.Calendar == nil {
		cfg.Calendar = card.DefaultVietnamCalendar()
	}
	if cfg.Fee == nil {
		cfg.Fee = card.ApplicationFee
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewID == nil {
		cfg.NewID = func() string { return uuid.Must(uuid.NewV7()).String() }
	}
	return &Service{cfg: cfg}
}

// Now is the service clock.
func (s *Service) Now() time.Time { return s.cfg.Now() }

// Units is the catalog the service checks units against.
func (s *Service) Units() *units.Catalog { return s.cfg.Units }

// MinimumAge is the age from which a card is mandatory.
const MinimumAge = 14

// bornBy is the last birth date of someone aged MinimumAge on day.
func bornBy(day time.Time) time.Time { return day.AddDate(-MinimumAge, 0, 0) }

// canWrite refuses auditors and accounts without a role.
func canWrite(u auth.User) error {
	if !u.Role.CanEdit() {
		return apperr.New(apperr.Forbidden, "a %s account cannot change issuance records", u.Role)
	}
	return nil
}

// covers refuses a local user outside unit.
func (s *Service) covers(u auth.User, unit string) error {
	if !u.Covers(s.cfg.Units, unit) {
		return apperr.New(apperr.Forbidden, "unit %s is outside your jurisdiction", unit)
	}
	return nil
}

// actOn checks that u may change things at a station.
func (s *Service) actOn(u auth.User, st Station) error {
	if err := canWrite(u); err != nil {
		return err
	}
	return s.covers(u, st.Unit)
}

// transition builds the history row of a move by u.
func (s *Service) transition(u auth.User, appID string, from, to State, reason string, seq int) Transition {
	return Transition{ApplicationID: appID, Seq: seq, From: from, To: to, At: s.cfg.Now().UTC(),
		UserID: u.ID, Username: u.Username, Role: u.Role, Unit: u.Unit, Reason: reason}
}
