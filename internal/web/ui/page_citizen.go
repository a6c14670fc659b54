package ui

import (
	"context"
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/issuance"
	"dancu/internal/quality"
	"dancu/internal/registry"
)

type citizenData struct {
	C         registry.Citizen
	Groups    []group
	Household []registry.Summary
	// HouseholdMore and FindingsMore say a list holds more than is shown.
	HouseholdMore, FindingsMore bool
	Residence                   []residenceRow
	Cards                       []issuance.Card
	Findings                    []quality.Finding
	Versions                    []versionRow
	CanEdit                     bool
	Saved                       bool
}

// citizenByID reads the current record and checks jurisdiction: the
// answer outside it is 403, not 404, as in the API.
func (s *server) citizenByID(ctx context.Context, v *view, id string) (registry.Citizen, error) {
	if len(id) > 64 {
		return registry.Citizen{}, apperr.New(apperr.NotFound, "no citizen with that id")
	}
	z, err := s.reg.Citizen(ctx, id)
	if err != nil {
		return z, err
	}
	if !v.User.CanSee(s.units, z.Permanent.Commune, z.Permanent.Province) {
		return z, &apperr.Error{Code: apperr.Forbidden, Message: v.T("error.jurisdiction"), Err: audit.DeniedCitizens{z.ID}}
	}
	return z, nil
}

// citizenPage shows one record as on DC01, with household, residence
// history, cards, findings and version history.
func (s *server) citizenPage(w http.ResponseWriter, r *http.Request, v *view) error {
	ctx := r.Context()
	z, err := s.citizenByID(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := citizenData{C: z, Groups: s.groups(v, z), CanEdit: v.User.Role.CanEdit() && z.Status != registry.Merged,
		Saved: r.URL.Query().Get("saved") == "1"}
	vs, err := s.reg.History(ctx, z.ID)
	if err != nil {
		return err
	}
	d.Versions, d.Residence = versionRows(v, vs), residenceHistory(vs)
	if z.HouseholdRef != "" {
		// The same rule as the API's household read: members registered
		// outside the officer's unit are not shown, and the ones shown
		// are audited as a household disclosure.
		page, err := registry.HouseholdMembers(ctx, s.reg, z.HouseholdRef, v.User.Scope(), registry.MaxHouseholdMembers)
		if err != nil {
			return err
		}
		d.Household, d.HouseholdMore = page.Items, page.More
		if err := s.disclose(ctx, v, "GET /citizens/{id}", actHousehold, summaryIDs(page.Items)); err != nil {
			return err
		}
	}
	if d.Cards, err = s.issue.CardsOf(ctx, z.IDNumber); err != nil {
		return err
	}
	if qs := s.quality; qs != nil {
		page, err := qs.Findings(ctx, quality.FindingQuery{CitizenID: z.ID, Limit: 200})
		if err != nil {
			return err
		}
		d.Findings, d.FindingsMore = page.Items, page.More
	}
	if err := s.disclose(ctx, v, "GET /citizens/{id}", actRead, []string{z.ID}); err != nil {
		return err
	}
	v.Title, v.Nav = z.FullName, "citizens"
	s.render(w, r, v, http.StatusOK, "citizen", d)
	return nil
}

func summaryIDs(items []registry.Summary) []string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}
