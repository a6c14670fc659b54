package procedure

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/card"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// BlobStore keeps documents' content encrypted outside the database
// (internal/blobstore, the captures' store).
type BlobStore interface {
	Put(ctx context.Context, data []byte) (ref string, err error)
	Get(ctx context.Context, ref string) ([]byte, error)
}

// Config wires a Service; Store, Tx, Register, Units and Kinds are
// required.
type Config struct {
	Store    Store
	Tx       registry.Transactor
	Register *registry.Service
	Audit    audit.Store // the audit entry of each step, in its transaction
	Units    *units.Catalog
	// Calendar is the working-day calendar of deadlines (default: the
	// built-in Vietnamese one; operators load their own).
	Calendar *card.Calendar
	Blobs    BlobStore // documents; nil refuses uploads
	Kinds    []Kind
	Now      func() time.Time
	// NewID makes dossier and document ids (default: 128 random bits).
	NewID func() string
}

// Service is the one home of every procedure use case: receiving a
// dossier, its workflow steps, documents, reads, the inbox and the
// dashboard counts. It checks role and jurisdiction itself.
type Service struct {
	cfg   Config
	kinds map[string]Kind
	order []string
}

// NewService checks the kinds (unique codes) and fills defaults.
func NewService(cfg Config) (*Service, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Calendar == nil {
		cfg.Calendar = card.DefaultVietnamCalendar()
	}
	if cfg.NewID == nil {
		cfg.NewID = randomID
	}
	s := &Service{cfg: cfg, kinds: map[string]Kind{}}
	for _, k := range cfg.Kinds {
		code := k.Info().Code
		if code == "" || s.kinds[code] != nil {
			return nil, fmt.Errorf("procedure: kind code %q is empty or registered twice", code)
		}
		s.kinds[code] = k
		s.order = append(s.order, code)
	}
	return s, nil
}

// Kinds lists the kinds' descriptions in registration order.
func (s *Service) Kinds() []Info {
	out := make([]Info, 0, len(s.order))
	for _, c := range s.order {
		out = append(out, s.kinds[c].Info())
	}
	return out
}

// Kind is the kind with that code.
func (s *Service) Kind(code string) (Kind, error) {
	k, ok := s.kinds[code]
	if !ok {
		return nil, apperr.WithFields("unknown procedure", apperr.FieldError{Field: "kind", Reason: fmt.Sprintf("%q is not a procedure of this register", code)})
	}
	return k, nil
}

// Calendar is the working-day calendar deadlines use.
func (s *Service) Calendar() *card.Calendar { return s.cfg.Calendar }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.cfg.Now() }

func (s *Service) env(u auth.User, d *Dossier, info Info) Env {
	return Env{Register: s.cfg.Register, Citizens: s.cfg.Register.Store(), Units: s.cfg.Units, Calendar: s.cfg.Calendar,
		Now: s.cfg.Now(), Officer: u, Meta: registry.ChangeMeta{Actor: "user:" + u.Username, Reason: ChangeReason(info, d.ID)},
		Dossier: d, follow: &followUps{}}
}

// ChangeReason is the reason of a register change a dossier makes; the
// record's history shows it, naming the procedure and the dossier.
func ChangeReason(info Info, dossierID string) string {
	return fmt.Sprintf("procedure %s, dossier %s: %s (%s)", info.Code, dossierID, info.NameVI, info.LegalBasis)
}

// canAct is the role rule: officers who may change records.
func canAct(u auth.User) error {
	if !u.Role.CanEdit() {
		return apperr.New(apperr.Forbidden, "the %s role cannot handle procedures", u.Role)
	}
	return nil
}

// visible is the jurisdiction rule of a dossier: the officer covers its
// responsible commune. The refusal names its subjects for the audit of
// the refused attempt.
func (s *Service) visible(u auth.User, d *Dossier) error {
	if !u.CanSee(s.cfg.Units, d.Unit, d.Province) {
		return &apperr.Error{Code: apperr.Forbidden, Message: "this dossier's commune is outside your jurisdiction",
			Err: audit.DeniedCitizens(d.SubjectIDs())}
	}
	return nil
}

// record chains a step's audit entry in its transaction.
func (s *Service) record(ctx context.Context, trail audit.Entry, action string, d *Dossier) error {
	if s.cfg.Audit == nil {
		return nil
	}
	trail.Action, trail.Result = action, "ok"
	trail.CitizenIDs = d.SubjectIDs()
	if a := d.Applicant.CitizenID; a != "" && !slices.Contains(trail.CitizenIDs, a) {
		trail.CitizenIDs = append(trail.CitizenIDs, a)
	}
	if trail.Time.IsZero() {
		trail.Time = s.cfg.Now().UTC()
	}
	return audit.AppendWithin(ctx, s.cfg.Audit, trail)
}

func randomID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("procedure: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b)
}
