package procedure

import (
	"context"
	"slices"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
)

// MaxCitizenDossiers is the most dossiers a citizen's list holds.
const MaxCitizenDossiers = 100

// CitizenDossiers lists the dossiers about citizen c (they are a subject),
// newest due first, as the portal's "my applications" shows them.
func (s *Service) CitizenDossiers(ctx context.Context, c auth.Citizen) ([]Item, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	ds, err := s.cfg.Store.Dossiers(ctx, Query{Citizen: c.CitizenID, Limit: MaxCitizenDossiers})
	if err != nil {
		return nil, err
	}
	out := make([]Item, len(ds))
	for i, d := range ds {
		out[i] = s.item(d)
	}
	return out, nil
}

// CitizenDossier reads one dossier for citizen c, who must be its
// applicant or one of its subjects. Officers' accounts are not named in
// the history it returns (the commune is answerable, not the person).
// The read is audited (the dossier's subjects and applicant) with the
// citizen as actor.
func (s *Service) CitizenDossier(ctx context.Context, c auth.Citizen, id string, trail audit.Entry) (View, error) {
	if err := c.Check(); err != nil {
		return View{}, err
	}
	notFound := apperr.New(apperr.NotFound, "no dossier with that id")
	if len(id) > 64 {
		return View{}, notFound
	}
	d, err := s.cfg.Store.Dossier(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return View{}, notFound
	}
	if err != nil {
		return View{}, err
	}
	if d.Applicant.CitizenID != c.CitizenID && !slices.Contains(d.SubjectIDs(), c.CitizenID) {
		// Not found rather than forbidden: a citizen learns nothing of
		// other people's dossiers, not even that one exists.
		return View{}, &apperr.Error{Code: apperr.NotFound, Message: notFound.Message, Err: audit.DeniedCitizens(d.SubjectIDs())}
	}
	ts, err := s.cfg.Store.Transitions(ctx, id)
	if err != nil {
		return View{}, err
	}
	for i := range ts {
		if ts[i].Role != audit.RoleCitizen {
			ts[i].UserID, ts[i].Username = "", ""
		}
	}
	trail.UserID, trail.Role, trail.Unit = c.AccountID, audit.RoleCitizen, ""
	if err := s.record(ctx, trail, AuditRead, &d); err != nil {
		return View{}, err
	}
	d.DecidedBy, d.ReceivedBy = "", ""
	v := View{Item: s.item(d), Transitions: ts}
	if k, err := s.Kind(d.Kind); err == nil {
		v.Procedure = k.Info()
	}
	return v, nil
}
