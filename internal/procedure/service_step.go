package procedure

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
)

// Step is one workflow step an officer takes on a dossier.
type Step struct {
	DossierID string
	Action    Action
	// Version is the dossier version the officer read (0: any); a newer
	// one is a conflict.
	Version int
	Reason  string
}

// Take applies a workflow step: the state table, the officer's
// jurisdiction on the locked dossier, maker-checker, the deadline's pause
// and resumption, and on approval the kind's change to the register, all
// in one transaction with the step's history row and audit entry.
func (s *Service) Take(ctx context.Context, u auth.User, st Step, trail audit.Entry) (Dossier, error) {
	if err := canAct(u); err != nil {
		return Dossier{}, err
	}
	st.Reason = strings.TrimSpace(st.Reason)
	if utf8.RuneCountInString(st.Reason) > 500 {
		return Dossier{}, apperr.WithFields("invalid step", apperr.FieldError{Field: "reason", Reason: "at most 500 characters"})
	}
	if len(st.DossierID) > 64 {
		return Dossier{}, apperr.New(apperr.NotFound, "no dossier with that id")
	}
	var out Dossier
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		d, err := s.cfg.Store.LockDossier(ctx, st.DossierID)
		if err != nil {
			return err
		}
		if err := s.visible(u, &d); err != nil {
			return err
		}
		if st.Version != 0 && d.Version != st.Version {
			return apperr.New(apperr.Conflict, "the dossier is at version %d, not %d; reload and retry", d.Version, st.Version)
		}
		if err := s.apply(ctx, u, &d, st); err != nil {
			return err
		}
		out = d
		return s.record(ctx, trail, AuditStep+"."+string(st.Action), &d)
	})
	return out, err
}

// apply moves the locked dossier d by one step and stores it.
func (s *Service) apply(ctx context.Context, u auth.User, d *Dossier, st Step) error {
	k, err := s.Kind(d.Kind)
	if err != nil {
		return err
	}
	info := k.Info()
	rule, err := move(st.Action, d.State)
	if err != nil {
		return err
	}
	if rule.needsReason && st.Reason == "" {
		return apperr.WithFields("a reason is required", apperr.FieldError{Field: "reason", Reason: "required to " + string(st.Action)})
	}
	if rule.makerChecker && info.MakerChecker && d.ReceivedBy == u.Username {
		return apperr.New(apperr.Forbidden, "%s needs a second officer: the officer who prepared the dossier cannot approve it", info.Code)
	}
	now := s.cfg.Now().UTC()
	day := Day(now)
	from := d.State
	var env Env
	switch st.Action {
	case ActRequestSupplement:
		d.Deadline.pause(day)
	case ActSupplementIn:
		if err := d.Deadline.resume(s.cfg.Calendar, day); err != nil {
			return err
		}
	case ActApprove:
		env = s.env(u, d, info)
		if err := k.Apply(ctx, env, d); err != nil {
			return err
		}
	case ActRefuse, ActWithdraw:
		d.Reason = st.Reason
		if from == SupplementRequested { // the clock stops where it was paused
			if err := d.Deadline.resume(s.cfg.Calendar, day); err != nil {
				return err
			}
		}
	}
	if rule.decides {
		d.DecidedBy, d.DecidedOn = u.Username, day
	}
	if rule.to == Approved || rule.to == Refused || rule.to == Withdrawn {
		d.Outcome = rule.to
	}
	prev := d.Version
	d.State, d.Version, d.UpdatedAt = rule.to, d.Version+1, now
	t := Transition{DossierID: d.ID, Action: st.Action, From: from, To: rule.to, At: now, UserID: u.ID,
		Username: u.Username, Role: string(u.Role), Unit: u.Unit, Reason: st.Reason}
	if err := s.cfg.Store.UpdateDossier(ctx, *d, prev, &t); err != nil {
		return err
	}
	if env.follow == nil {
		return nil
	}
	return s.storeFollowUps(ctx, d, env.follow)
}

// MaxBatch is the most dossiers one batch step takes.
const MaxBatch = 200

// TakeAll takes steps on many dossiers in one transaction (the desk's
// batch approval): each dossier gets its own history row, register
// version, findings, events and audit entry, exactly as Take gives it, and
// the batch shares one commit. One refused step refuses the batch, naming
// its dossier, and nothing changes.
func (s *Service) TakeAll(ctx context.Context, u auth.User, steps []Step, trail audit.Entry) ([]Dossier, error) {
	if err := canAct(u); err != nil {
		return nil, err
	}
	if len(steps) == 0 || len(steps) > MaxBatch {
		return nil, apperr.WithFields("invalid batch", apperr.FieldError{Field: "steps", Reason: fmt.Sprintf("one to %d steps", MaxBatch)})
	}
	out := make([]Dossier, 0, len(steps))
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		for _, st := range steps {
			d, err := s.Take(ctx, u, st, trail)
			if err != nil {
				return naming(err, st.DossierID)
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// naming prefixes an error's message with the dossier it is about,
// keeping its code.
func naming(err error, id string) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return apperr.Wrap(err, "dossier %s", id)
	}
	c := *ae
	c.Message = "dossier " + id + ": " + c.Message
	return &c
}
