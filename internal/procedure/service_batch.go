package procedure

import (
	"context"
	"errors"
	"fmt"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
)

// Outcome is one dossier's result in an officer's batch approval:
// approved (its new state and version), or refused with the reason and
// the error code a single approval would have given.
type Outcome struct {
	DossierID string              `json:"dossier_id"`
	Approved  bool                `json:"approved"`
	State     State               `json:"state,omitempty"`
	Version   int                 `json:"version,omitempty"`
	Code      apperr.Code         `json:"code,omitempty"`
	Reason    string              `json:"reason,omitempty"`
	Fields    []apperr.FieldError `json:"fields,omitempty"`
}

// ApproveEach approves a selection of dossiers for the officer's desk,
// each on its own merits: every rule of Take holds per dossier (the
// state, the officer's jurisdiction, maker-checker where the kind asks
// for it, the kind's re-check of the register), and a dossier refused
// leaves the others approved. The selection is first tried as one
// transaction (TakeAll: one commit); when any dossier is refused nothing
// of it stays, and each dossier is then taken in its own transaction, so
// the result names every refusal with its reason.
func (s *Service) ApproveEach(ctx context.Context, u auth.User, ids []string, trail audit.Entry) ([]Outcome, error) {
	if err := canAct(u); err != nil {
		return nil, err
	}
	if len(ids) == 0 || len(ids) > MaxBatch {
		return nil, apperr.WithFields("invalid selection", apperr.FieldError{Field: "dossier_ids", Reason: fmt.Sprintf("one to %d dossiers", MaxBatch)})
	}
	steps := make([]Step, len(ids))
	seen := make(map[string]bool, len(ids))
	for i, id := range ids {
		if seen[id] {
			return nil, apperr.WithFields("invalid selection", apperr.FieldError{Field: fmt.Sprintf("dossier_ids[%d]", i), Reason: "dossier " + id + " is listed twice"})
		}
		seen[id] = true
		steps[i] = Step{DossierID: id, Action: ActApprove}
	}
	out := make([]Outcome, len(ids))
	if ds, err := s.TakeAll(ctx, u, steps, trail); err == nil {
		for i, d := range ds {
			out[i] = Outcome{DossierID: d.ID, Approved: true, State: d.State, Version: d.Version}
		}
		return out, nil
	} else if apperr.CodeOf(err) == apperr.Internal {
		return nil, err
	}
	for i, st := range steps {
		d, err := s.Take(ctx, u, st, trail)
		if err == nil {
			out[i] = Outcome{DossierID: d.ID, Approved: true, State: d.State, Version: d.Version}
			continue
		}
		out[i] = refusedOutcome(st.DossierID, err)
		if out[i].Code == apperr.Forbidden {
			s.recordDenied(ctx, trail, err)
		}
	}
	return out, nil
}

// refusedOutcome reports a dossier's refused approval; a server error is
// not described (it is logged where it happened) and may be retried.
func refusedOutcome(id string, err error) Outcome {
	o := Outcome{DossierID: id, Code: apperr.CodeOf(err)}
	var ae *apperr.Error
	switch {
	case o.Code == apperr.Internal || !errors.As(err, &ae):
		o.Code, o.Reason = apperr.Internal, "not decided: a server error; retry"
	default:
		o.Reason, o.Fields = ae.Message, ae.Fields
	}
	return o
}

// recordDenied audits a refused attempt on a dossier outside the
// officer's jurisdiction, naming its subjects, as a single request's
// refusal is audited.
func (s *Service) recordDenied(ctx context.Context, trail audit.Entry, err error) {
	var denied audit.DeniedCitizens
	if s.cfg.Audit == nil || !errors.As(err, &denied) {
		return
	}
	trail.Action, trail.Result, trail.CitizenIDs = audit.ActionDenied, audit.ResultDenied, denied
	trail.Time = s.cfg.Now().UTC()
	_ = audit.AppendWithin(ctx, s.cfg.Audit, trail) // the refusal stands even if its entry fails
}
