package procedure

import (
	"context"
	"encoding/json"
	"strings"

	"dancu/internal/apperr"
)

// Internal is the channel of a dossier one unit's decision opens in
// another's register (the data-sync notification of NĐ 58/2026): no
// applicant filed it and no fee is due.
const Internal Channel = "internal"

// SystemActor is the recorded actor of steps no officer took.
const SystemActor = "system"

// FollowUp is a dossier that a decision entails in another unit: the old
// commune's deletion of a permanent residence registered elsewhere. It is
// recorded as decided with the decision that caused it (its change was
// made by that decision's version), so the other unit's register, inbox
// and dashboard show it.
type FollowUp struct {
	Kind     string
	Unit     string
	Province string
	Subjects []Subject
	Form     any
}

// followUps collects the follow-ups a kind asks for while it applies.
type followUps struct{ list []FollowUp }

// Follow records a follow-up dossier of the decision being applied; it is
// stored in the decision's transaction. Kinds call it from Apply only.
func (e Env) Follow(f FollowUp) {
	if e.follow != nil {
		e.follow.list = append(e.follow.list, f)
	}
}

// FollowUpResult is the result of a follow-up dossier: the dossier whose
// decision made it.
type FollowUpResult struct {
	CausedBy string `json:"caused_by"`
}

// storeFollowUps records the follow-ups of cause, decided with it.
func (s *Service) storeFollowUps(ctx context.Context, cause *Dossier, fs *followUps) error {
	for _, f := range fs.list {
		k, err := s.Kind(f.Kind)
		if err != nil {
			return err
		}
		info := k.Info()
		form, err := json.Marshal(f.Form)
		if err != nil {
			return apperr.Wrap(err, "encode the follow-up form")
		}
		result, _ := json.Marshal(FollowUpResult{CausedBy: cause.ID})
		now := cause.UpdatedAt
		d := Dossier{ID: s.cfg.NewID(), Kind: info.Code, State: Done, Channel: Internal, Subjects: f.Subjects,
			Applicant: Applicant{FullName: "Cơ quan đăng ký cư trú " + cause.Unit, Relation: "agency"},
			Form:      form, Documents: []Document{}, Unit: f.Unit, Province: f.Province, ReceivedAt: now,
			ReceivedBy: SystemActor, Outcome: Approved, DecidedBy: SystemActor, DecidedOn: Day(now),
			Result: result, Version: 1, UpdatedAt: now}
		if d.Deadline, err = start(s.cfg.Calendar, info.WorkingDays, Day(now)); err != nil {
			return err
		}
		first := Transition{DossierID: d.ID, Seq: 1, Action: ActReceive, To: Done, At: now, UserID: SystemActor,
			Username: SystemActor, Role: SystemActor, Unit: f.Unit, Reason: "follows dossier " + cause.ID}
		if err := s.cfg.Store.CreateDossier(ctx, d, first); err != nil {
			return err
		}
	}
	return nil
}

// ParseReason reads the procedure code and dossier id out of a change
// reason that ChangeReason made; ok is false for any other reason (a
// correction, an import).
func ParseReason(reason string) (code, dossierID string, ok bool) {
	rest, found := strings.CutPrefix(reason, "procedure ")
	if !found {
		return "", "", false
	}
	code, rest, found = strings.Cut(rest, ", dossier ")
	if !found {
		return "", "", false
	}
	dossierID, _, found = strings.Cut(rest, ":")
	return code, dossierID, found && code != "" && dossierID != ""
}

// HasDocument reports whether a document of kind is attached.
func (d *Dossier) HasDocument(kind string) bool {
	for _, doc := range d.Documents {
		if doc.Kind == kind {
			return true
		}
	}
	return false
}
