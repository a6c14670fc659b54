package procedure

import (
	"context"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
)

// NewDossier is what the desk (or a portal) submits.
type NewDossier struct {
	Kind      string          `json:"kind"`
	Channel   Channel         `json:"channel"`
	Applicant Applicant       `json:"applicant"`
	Form      json.RawMessage `json:"form"`
	// FeeExemption names a ground of exemption of the kind's fee.
	FeeExemption string `json:"fee_exemption,omitempty"`
}

// Relations an applicant may have to the subjects.
var relations = []string{"self", "parent", "guardian", "household_head", "owner", "host", "authorised", "agency"}

// Audited actions.
const (
	AuditReceive  = "procedure.receive"
	AuditStep     = "procedure.step"
	AuditDocument = "procedure.document"
	AuditRead     = "procedure.read"
)

// Receive checks a new dossier, starts its deadline and stores it; an
// Immediate kind is decided at once, applying its change in the same
// transaction. The receiving officer must cover the responsible commune.
func (s *Service) Receive(ctx context.Context, u auth.User, in NewDossier, trail audit.Entry) (Dossier, error) {
	if err := canAct(u); err != nil {
		return Dossier{}, err
	}
	k, err := s.Kind(in.Kind)
	if err != nil {
		return Dossier{}, err
	}
	info := k.Info()
	if err := checkApplicant(&in); err != nil {
		return Dossier{}, err
	}
	now := s.cfg.Now().UTC()
	d := Dossier{ID: s.cfg.NewID(), Kind: info.Code, State: Received, Channel: in.Channel, Applicant: in.Applicant,
		Form: in.Form, Documents: []Document{}, ReceivedAt: now, ReceivedBy: u.Username, Version: 1, UpdatedAt: now}
	if d.Fee, err = feeFor(info, d.Channel, in.FeeExemption); err != nil {
		return Dossier{}, err
	}
	if d.Deadline, err = start(s.cfg.Calendar, info.WorkingDays, Day(now)); err != nil {
		return Dossier{}, err
	}
	first := Transition{DossierID: d.ID, Seq: 1, Action: ActReceive, To: Received, At: now, UserID: u.ID,
		Username: u.Username, Role: string(u.Role), Unit: u.Unit}
	err = s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		env := s.env(u, &d, info)
		if err := k.Check(ctx, env, &d); err != nil {
			return err
		}
		if d.Unit == "" || len(d.Subjects) == 0 {
			return apperr.New(apperr.Internal, "procedure %s did not name its commune and subjects", info.Code)
		}
		if err := s.visible(u, &d); err != nil {
			return err
		}
		if info.Immediate {
			if err := k.Apply(ctx, env, &d); err != nil {
				return err
			}
			d.State, d.Outcome, d.DecidedBy, d.DecidedOn = Done, Approved, u.Username, Day(now)
			first.To = Done
		}
		if err := s.cfg.Store.CreateDossier(ctx, d, first); err != nil {
			return err
		}
		if err := s.storeFollowUps(ctx, &d, env.follow); err != nil {
			return err
		}
		return s.record(ctx, trail, AuditReceive, &d)
	})
	if err != nil {
		return Dossier{}, err
	}
	return d, nil
}

// checkApplicant normalises the channel and the applicant.
func checkApplicant(in *NewDossier) error {
	var bad []apperr.FieldError
	switch in.Channel {
	case "":
		in.Channel = Direct
	case Direct, Online:
	default: // Internal is the engine's own
		bad = append(bad, apperr.FieldError{Field: "channel", Reason: "must be direct or online"})
	}
	a := &in.Applicant
	a.FullName, a.Relation = strings.TrimSpace(a.FullName), strings.TrimSpace(a.Relation)
	if a.FullName == "" || utf8.RuneCountInString(a.FullName) > 100 {
		bad = append(bad, apperr.FieldError{Field: "applicant.full_name", Reason: "required, at most 100 characters"})
	}
	if !contains(relations, a.Relation) {
		bad = append(bad, apperr.FieldError{Field: "applicant.relation", Reason: "must be one of " + strings.Join(relations, ", ")})
	}
	if a.Relation == "authorised" && strings.TrimSpace(a.AuthorisationRef) == "" {
		bad = append(bad, apperr.FieldError{Field: "applicant.authorisation_ref", Reason: "required for an authorised person: the written authorisation"})
	}
	for _, f := range []struct{ name, v string }{{"applicant.id_number", a.IDNumber}, {"applicant.citizen_id", a.CitizenID},
		{"applicant.phone", a.Phone}, {"applicant.authorisation_ref", a.AuthorisationRef}} {
		if len(f.v) > 100 {
			bad = append(bad, apperr.FieldError{Field: f.name, Reason: "at most 100 characters"})
		}
	}
	if len(bad) > 0 {
		return apperr.WithFields("invalid dossier", bad...)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
