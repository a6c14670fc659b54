package merge

import (
	"context"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// Citizens reads the current records a jurisdiction check needs.
type Citizens interface {
	Citizen(ctx context.Context, id string) (registry.Citizen, error)
}

// Service is the one home of duplicate review for every interface (the
// JSON API, the web pages): it reads and decides queue entries for an
// officer, checking role and jurisdiction on the records' CURRENT
// permanent residence. The units stored with a pair are those of the day
// it was filed; a record that moved since must leave the old commune's
// reach, so they are never trusted for a decision.
type Service struct {
	store    Store
	citizens Citizens
	units    *units.Catalog
	exec     *Executor
}

// NewService builds the review service over the queue and the register;
// exec performs the merges it decides.
func NewService(store Store, citizens Citizens, cat *units.Catalog, exec *Executor) *Service {
	return &Service{store: store, citizens: citizens, units: cat, exec: exec}
}

// MaxReason is the longest reason a decision takes, in characters.
const MaxReason = 500

// Pair is a queue entry with both records as they are now.
type Pair struct {
	Candidate   Candidate
	Left, Right registry.Citizen
}

// IDs are the two records' ids, for the audit of a disclosure.
func (p Pair) IDs() []string { return []string{p.Left.ID, p.Right.ID} }

// List returns a page of the queue within the user's jurisdiction. The
// store selects by the records' current units; each pair is checked again
// here, so a store that lags cannot widen what an officer sees.
func (s *Service) List(ctx context.Context, u auth.User, q Query) ([]Candidate, bool, error) {
	if err := s.canRead(u); err != nil {
		return nil, false, err
	}
	q.Unit = u.Scope()
	items, more, err := s.store.Candidates(ctx, q)
	if err != nil {
		return nil, false, err
	}
	out := make([]Candidate, 0, len(items))
	for _, c := range items {
		if u.CanSee(s.units, c.LeftUnit, c.LeftProvince) && u.CanSee(s.units, c.RightUnit, c.RightProvince) {
			out = append(out, c)
		}
	}
	return out, more, nil
}

// Get reads one queue entry whose two records the user may both see now.
func (s *Service) Get(ctx context.Context, u auth.User, id string) (Pair, error) {
	if err := s.canRead(u); err != nil {
		return Pair{}, err
	}
	if len(id) > 64 {
		return Pair{}, apperr.New(apperr.NotFound, "no duplicate candidate with that id")
	}
	c, err := s.store.Candidate(ctx, id)
	if err != nil {
		return Pair{}, err
	}
	p := Pair{Candidate: c}
	if p.Left, err = s.visible(ctx, u, c.LeftID); err != nil {
		return Pair{}, err
	}
	if p.Right, err = s.visible(ctx, u, c.RightID); err != nil {
		return Pair{}, err
	}
	// Report the units the decision was checked on, not the filed ones.
	p.Candidate.LeftUnit, p.Candidate.LeftProvince = p.Left.Permanent.Commune, p.Left.Permanent.Province
	p.Candidate.RightUnit, p.Candidate.RightProvince = p.Right.Permanent.Commune, p.Right.Permanent.Province
	return p, nil
}

// SideBySide puts a pair's records side by side for review.
func (p Pair) SideBySide() SideBySide { return Compare(p.Candidate, p.Left, p.Right) }

// Merge decides a pair "the same person": the other record is merged into
// survivorID, which must be one of the two.
func (s *Service) Merge(ctx context.Context, u auth.User, id, survivorID string, fill bool, meta registry.ChangeMeta) (Merge, error) {
	p, meta, err := s.decidable(ctx, u, id, meta)
	if err != nil {
		return Merge{}, err
	}
	other := p.Candidate.RightID
	switch survivorID {
	case p.Candidate.LeftID:
	case p.Candidate.RightID:
		other = p.Candidate.LeftID
	default:
		return Merge{}, apperr.WithFields("invalid merge", apperr.FieldError{Field: "survivor_id", Reason: "must name one of the pair's two records"})
	}
	return s.exec.Merge(ctx, Request{CandidateID: p.Candidate.ID, SurvivorID: survivorID, MergedID: other, Fill: fill, Meta: meta})
}

// NotSame decides a pair "two people": later runs suppress it.
func (s *Service) NotSame(ctx context.Context, u auth.User, id string, meta registry.ChangeMeta) (Candidate, error) {
	p, meta, err := s.decidable(ctx, u, id, meta)
	if err != nil {
		return Candidate{}, err
	}
	return s.store.MarkNotSame(ctx, p.Candidate.ID, meta)
}

// Undo reverses a merge. The officer must see both records now: the
// survivor and the one merged into it.
func (s *Service) Undo(ctx context.Context, u auth.User, mergeID string, meta registry.ChangeMeta) (Merge, error) {
	meta, err := s.decision(u, meta)
	if err != nil {
		return Merge{}, err
	}
	if len(mergeID) > 64 {
		return Merge{}, apperr.New(apperr.NotFound, "no merge with that id")
	}
	m, err := s.store.MergeByID(ctx, mergeID)
	if err != nil {
		return Merge{}, err
	}
	for _, id := range []string{m.SurvivorID, m.MergedID} {
		if _, err := s.visible(ctx, u, id); err != nil {
			return Merge{}, err
		}
	}
	return s.exec.Undo(ctx, m.ID, meta)
}

// decidable checks a decision and reads the pair it decides.
func (s *Service) decidable(ctx context.Context, u auth.User, id string, meta registry.ChangeMeta) (Pair, registry.ChangeMeta, error) {
	meta, err := s.decision(u, meta)
	if err != nil {
		return Pair{}, meta, err
	}
	p, err := s.Get(ctx, u, id)
	return p, meta, err
}

// decision checks the role and the reason every decision needs.
func (s *Service) decision(u auth.User, meta registry.ChangeMeta) (registry.ChangeMeta, error) {
	if !u.Role.CanEdit() {
		return meta, apperr.New(apperr.Forbidden, "the %s role cannot decide duplicates", u.Role)
	}
	meta.Reason = strings.TrimSpace(meta.Reason)
	switch {
	case meta.Reason == "":
		return meta, apperr.WithFields("invalid decision", apperr.FieldError{Field: "reason", Reason: "required: the reason or legal basis of the decision"})
	case utf8.RuneCountInString(meta.Reason) > MaxReason:
		return meta, apperr.WithFields("invalid decision", apperr.FieldError{Field: "reason", Reason: "at most 500 characters"})
	}
	if meta.Actor == "" {
		meta.Actor = "user:" + u.Username
	}
	return meta, nil
}

// canRead refuses a local account without a unit: its scope would be
// empty, which means "everything" to the store.
func (s *Service) canRead(u auth.User) error {
	if u.Role == "" || (!u.Role.National() && u.Unit == "") {
		return apperr.New(apperr.Forbidden, "your account has no unit")
	}
	return nil
}

// visible reads a record's current state and refuses it outside the
// user's jurisdiction.
func (s *Service) visible(ctx context.Context, u auth.User, id string) (registry.Citizen, error) {
	c, err := s.citizens.Citizen(ctx, id)
	if err != nil {
		return c, err
	}
	if !u.CanSee(s.units, c.Permanent.Commune, c.Permanent.Province) {
		return registry.Citizen{}, apperr.New(apperr.Forbidden, "a record of this pair is outside your jurisdiction")
	}
	return c, nil
}
