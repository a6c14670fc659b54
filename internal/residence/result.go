package residence

import (
	"context"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// Confirmation is the giấy xác nhận thông tin về cư trú (form CT07) of
// one person: identity, permanent and temporary residence, a declared
// absence and the household, as the register shows them on the day.
type Confirmation struct {
	CitizenID      string             `json:"citizen_id"`
	FullName       string             `json:"full_name"`
	IDNumber       string             `json:"id_number,omitempty"`
	BirthDate      pdate.Date         `json:"birth_date"`
	Sex            registry.Sex       `json:"sex"`
	Permanent      registry.Residence `json:"permanent,omitzero"`
	Temporary      registry.Residence `json:"temporary,omitzero"`
	Absence        registry.Absence   `json:"absence,omitzero"`
	HouseholdRef   string             `json:"household_ref,omitempty"`
	HouseholdHead  registry.PersonRef `json:"household_head,omitzero"`
	RelationToHead string             `json:"relation_to_head,omitempty"`
}

// Result is what the applicant receives when a residence dossier is
// decided: the confirmation of each subject's residence after approval,
// or the refusal with its reason.
type Result struct {
	DossierID     string          `json:"dossier_id"`
	Procedure     procedure.Info  `json:"procedure"`
	Outcome       procedure.State `json:"outcome"`
	DecidedBy     string          `json:"decided_by"`
	DecidedOn     pdate.Date      `json:"decided_on"`
	Reason        string          `json:"reason,omitempty"`
	Unit          string          `json:"unit"`
	Confirmations []Confirmation  `json:"confirmations"`
}

// Result builds the result of a decided residence dossier v, which the
// caller read through procedure.Service.Dossier (its jurisdiction rule).
// The caller audits the disclosure of the subjects.
func (s *Service) Result(ctx context.Context, v procedure.View) (Result, error) {
	if !strings.HasPrefix(v.Kind, "residence.") {
		return Result{}, apperr.New(apperr.NotFound, "dossier %s is not a residence procedure", v.ID)
	}
	if v.Outcome == "" {
		return Result{}, apperr.New(apperr.Conflict, "dossier %s is not decided yet (%s)", v.ID, v.State)
	}
	r := Result{DossierID: v.ID, Procedure: v.Procedure, Outcome: v.Outcome, DecidedBy: v.DecidedBy, DecidedOn: v.DecidedOn,
		Reason: v.Reason, Unit: v.Unit, Confirmations: []Confirmation{}}
	if v.Outcome != procedure.Approved {
		return r, nil
	}
	day := procedure.Day(s.now())
	for _, sub := range v.Subjects {
		c, err := s.reg.Store().Citizen(ctx, sub.CitizenID)
		if err != nil {
			return r, err
		}
		conf := Confirmation{CitizenID: c.ID, FullName: c.FullName, IDNumber: c.IDNumber,
			BirthDate: c.BirthDate, Sex: c.Sex, Permanent: c.Permanent, Absence: c.Absence,
			HouseholdRef: c.HouseholdRef, HouseholdHead: c.HouseholdHead, RelationToHead: c.RelationToHead}
		if !Expired(c.Temporary, day) { // a confirmation shows the residence in force
			conf.Temporary = c.Temporary
		}
		r.Confirmations = append(r.Confirmations, conf)
	}
	return r, nil
}
