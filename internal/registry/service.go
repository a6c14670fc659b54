package registry

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/units"
)

// ServiceConfig wires a Service; every field but Now and Hooks is required.
type ServiceConfig struct {
	Store  Store      // reads
	Writer Writer     // writes, inside Tx
	Tx     Transactor // the one transaction of a change
	// Audit stores the audit entry of a change in the change's own
	// transaction (the store joins the transaction the context carries).
	Audit audit.Store
	Units *units.Catalog
	// Hooks run inside each change's transaction, in order.
	Hooks []ChangeHook
	Now   func() time.Time // default time.Now
}

// Service is the one home of the register's use cases: reading a record
// within the officer's jurisdiction, correcting it, creating one and
// replacing an ID number. The JSON API, the web pages and the CLI call it,
// so jurisdiction, validation, version numbering, effects and audit cannot
// differ between them.
type Service struct{ cfg ServiceConfig }

// NewService fills defaults.
func NewService(cfg ServiceConfig) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}
}

// Store is the read side the service was built on.
func (s *Service) Store() Store { return s.cfg.Store }

// Units is the catalog jurisdiction is checked against.
func (s *Service) Units() *units.Catalog { return s.cfg.Units }

// Audited actions of register changes.
const (
	ActionUpdate   = "citizen.update"
	ActionCreate   = "citizen.create"
	ActionRenumber = "citizen.renumber"
)

// maxReason bounds a change's reason (it is stored in every version).
const maxReason = 500

// CheckMeta is the reason rule: every change names its actor and a
// reason or legal basis.
func CheckMeta(meta ChangeMeta) error {
	switch reason := strings.TrimSpace(meta.Reason); {
	case reason == "":
		return apperr.WithFields("a reason or legal basis is required for every change", apperr.FieldError{Field: "reason", Reason: "required: the reason or legal basis of the change"})
	case utf8.RuneCountInString(reason) > maxReason:
		return apperr.WithFields("the reason is too long", apperr.FieldError{Field: "reason", Reason: "at most 500 characters"})
	}
	if strings.TrimSpace(meta.Actor) == "" {
		return apperr.New(apperr.Invalid, "the actor of a change is required")
	}
	return nil
}

// Visible is the jurisdiction rule for record id: the officer's unit
// contains the record's current permanent residence. The refusal names the
// citizen (audit.DeniedCitizens) so that the refused attempt is audited.
func (s *Service) Visible(u auth.User, id string, permanent Residence) error {
	if !u.CanSee(s.cfg.Units, permanent.Commune, permanent.Province) {
		return &apperr.Error{Code: apperr.Forbidden, Message: "this citizen's permanent residence is outside your jurisdiction",
			Err: audit.DeniedCitizens{id}}
	}
	return nil
}

// Citizen reads a current record within u's jurisdiction.
func (s *Service) Citizen(ctx context.Context, u auth.User, id string) (Citizen, error) {
	if len(id) > 64 {
		return Citizen{}, apperr.New(apperr.NotFound, "no citizen with that id")
	}
	z, err := s.cfg.Store.Citizen(ctx, id)
	if err != nil {
		return z, err
	}
	return z, s.Visible(u, z.ID, z.Permanent)
}

// EncodedCitizen is Citizen already encoded as JSON (the point read's fast
// path), within u's jurisdiction.
func (s *Service) EncodedCitizen(ctx context.Context, u auth.User, id string) (EncodedCitizen, error) {
	if len(id) > 64 {
		return EncodedCitizen{}, apperr.New(apperr.NotFound, "no citizen with that id")
	}
	z, err := s.cfg.Store.EncodedCitizen(ctx, id)
	if err != nil {
		return z, err
	}
	return z, s.Visible(u, z.ID, z.Permanent)
}

// Correction is an officer's change to one record.
type Correction struct {
	ID      string
	Version int // the version the officer read; a newer one is a conflict
	Reason  string
	// Apply changes the locked current state.
	Apply func(*Citizen) error
}

// Correct applies a correction as one new version. Jurisdiction is checked
// on the locked current state (a record may have moved since the officer
// read it) and on the new permanent residence: a move out of the unit is
// registered by the receiving unit. trail carries who acts and the request
// (its Action, CitizenIDs and Fields are set here); the audit entry commits
// with the version.
func (s *Service) Correct(ctx context.Context, u auth.User, req Correction, trail audit.Entry) (Citizen, error) {
	if !u.Role.CanEdit() {
		return Citizen{}, apperr.New(apperr.Forbidden, "the %s role cannot change records", u.Role)
	}
	meta := ChangeMeta{Actor: "user:" + u.Username, Reason: strings.TrimSpace(req.Reason)}
	if err := CheckMeta(meta); err != nil {
		return Citizen{}, err
	}
	if req.Version < 1 {
		return Citizen{}, apperr.WithFields("invalid change", apperr.FieldError{Field: "version", Reason: "required: the version the change is based on"})
	}
	if len(req.ID) > 64 {
		return Citizen{}, apperr.New(apperr.NotFound, "no citizen with that id")
	}
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.cfg.Writer.LockCitizen(ctx, req.ID)
		if err != nil {
			return err
		}
		// Jurisdiction on the locked current state, before the version
		// check, whose conflict would otherwise describe a record the
		// officer may not see.
		if err := s.Visible(u, cur.ID, cur.Permanent); err != nil {
			return err
		}
		if cur.Version != req.Version {
			return apperr.New(apperr.Conflict, "the record is at version %d, not %d; reload and retry", cur.Version, req.Version)
		}
		next := cur.clone()
		if err := req.Apply(&next); err != nil {
			return err
		}
		SettleResidence(&next) // a recorded death deletes the residence registration
		if err := s.consistent(&next); err != nil {
			return err
		}
		if !u.CanSee(s.cfg.Units, next.Permanent.Commune, next.Permanent.Province) {
			return apperr.New(apperr.Forbidden, "the new permanent residence is outside your jurisdiction; the receiving unit registers the move")
		}
		changed, err := s.write(ctx, cur, next, meta)
		if err != nil || len(changed) == 0 {
			return err
		}
		trail.Action, trail.CitizenIDs, trail.Fields, trail.Result = ActionUpdate, []string{cur.ID}, changed, "ok"
		return s.record(ctx, trail)
	})
	if err != nil {
		return Citizen{}, err
	}
	return s.cfg.Store.Citizen(ctx, req.ID) // relatives linked, as every read
}

// consistent applies the cross-field rules an edited record must keep.
func (s *Service) consistent(c *Citizen) error {
	var bad []apperr.FieldError
	for _, p := range Inconsistencies(c, s.cfg.Now()) {
		bad = append(bad, apperr.FieldError{Record: c.ID, Field: p.Field, Reason: p.Reason})
	}
	if len(bad) > 0 {
		return apperr.WithFields("the changes leave the record inconsistent", bad...)
	}
	return nil
}

// Update applies change to the current state of id as one version, inside
// the caller's transaction or a new one, for system actors (imports,
// tools, tests) whose authority is not an officer's jurisdiction.
// expectedVersion 0 accepts any.
func (s *Service) Update(ctx context.Context, id string, expectedVersion int, change func(*Citizen) error, meta ChangeMeta) (Citizen, error) {
	if err := s.amend(ctx, id, expectedVersion, change, meta); err != nil {
		return Citizen{}, err
	}
	return s.cfg.Store.Citizen(ctx, id)
}

// Amend is Update for a caller inside a larger transaction that does not
// need the new state back (a procedure's approval): it skips re-reading
// the record with its relatives.
func (s *Service) Amend(ctx context.Context, id string, change func(*Citizen) error, meta ChangeMeta) error {
	return s.amend(ctx, id, 0, change, meta)
}

func (s *Service) amend(ctx context.Context, id string, expectedVersion int, change func(*Citizen) error, meta ChangeMeta) error {
	if err := CheckMeta(meta); err != nil {
		return err
	}
	return s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		return s.update(ctx, id, expectedVersion, change, meta)
	})
}

func (s *Service) update(ctx context.Context, id string, expectedVersion int, change func(*Citizen) error, meta ChangeMeta) error {
	cur, err := s.cfg.Writer.LockCitizen(ctx, id)
	if err != nil {
		return err
	}
	if expectedVersion != 0 && cur.Version != expectedVersion {
		return apperr.New(apperr.Conflict, "the record is at version %d, not %d; reload and retry", cur.Version, expectedVersion)
	}
	next := cur.clone()
	if err := change(&next); err != nil {
		return err
	}
	SettleResidence(&next) // a death recorded by a procedure deletes the residence too
	_, err = s.write(ctx, cur, next, meta)
	return err
}

// write stores next as the version after cur and runs the change's effects.
// A change that changes nothing makes no version (no fields changed).
func (s *Service) write(ctx context.Context, cur, next Citizen, meta ChangeMeta) (changed []string, err error) {
	next.ID, next.RecordRef = cur.ID, cur.RecordRef
	diff := Diff(cur, next)
	if len(diff) == 0 {
		return nil, nil
	}
	return DiffFields(diff), s.Write(ctx, &cur, next, Previous(diff), meta)
}

// Write stores next as the version after before (nil: a new citizen) with
// the given previous values, and runs every hook, inside the caller's
// transaction. Merge and import use it for bookkeeping fields Diff does
// not cover.
func (s *Service) Write(ctx context.Context, before *Citizen, next Citizen, previous map[string]any, meta ChangeMeta) error {
	prev := 0
	next.Version = 1
	if before != nil {
		prev, next.Version = before.Version, before.Version+1
	}
	next.UpdatedAt = s.cfg.Now().UTC().Truncate(time.Microsecond) // as both engines store it (recorded_at)
	if err := s.cfg.Writer.PutVersion(ctx, next, prev, meta, previous); err != nil {
		return err
	}
	ch := Change{Before: before, After: next, Previous: previous, Meta: meta}
	for _, h := range s.cfg.Hooks {
		if err := h.OnChange(ctx, ch); err != nil {
			return err
		}
	}
	return nil
}

// Create inserts a new citizen as version 1.
func (s *Service) Create(ctx context.Context, c Citizen, meta ChangeMeta) (Citizen, error) {
	if err := CheckMeta(meta); err != nil {
		return c, err
	}
	if c.ID == "" {
		return c, apperr.New(apperr.Invalid, "citizen has no id")
	}
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		return s.Write(ctx, nil, c, nil, meta)
	})
	if err != nil {
		return c, err
	}
	return s.cfg.Store.Citizen(ctx, c.ID)
}

// ReplaceIDNumber cancels the current number, keeping it linked to the
// person so it is never issued again, and sets newNumber; one version.
func (s *Service) ReplaceIDNumber(ctx context.Context, id, newNumber string, meta ChangeMeta) (Citizen, error) {
	if err := CheckMeta(meta); err != nil {
		return Citizen{}, err
	}
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		taken, err := s.cfg.Writer.NumbersTaken(ctx, []string{newNumber})
		if err != nil {
			return err
		}
		if taken[newNumber] {
			return apperr.New(apperr.Conflict, "ID number %s is already in use or was cancelled", newNumber)
		}
		var old string
		err = s.update(ctx, id, 0, func(c *Citizen) error {
			old = c.IDNumber
			if old != "" {
				c.CancelledIDNumbers = append(c.CancelledIDNumbers, old)
			}
			c.IDNumber = newNumber
			return nil
		}, meta)
		if err != nil || old == "" {
			return err
		}
		return s.CancelNumber(ctx, CancelledNumber{Number: old, CitizenID: id, Reason: meta.Reason, ReplacedBy: newNumber})
	})
	if err != nil {
		return Citizen{}, err
	}
	return s.cfg.Store.Citizen(ctx, id)
}

// record chains the audit entry of a change inside its transaction.
func (s *Service) record(ctx context.Context, e audit.Entry) error {
	if s.cfg.Audit == nil {
		return nil
	}
	if e.Time.IsZero() {
		e.Time = s.cfg.Now().UTC()
	}
	return audit.AppendWithin(ctx, s.cfg.Audit, e)
}
