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
	Residence []residenceRow
	Cards     []issuance.Card
	Findings  []quality.Finding
	Versions  []versionRow
	CanEdit   bool
	Saved     bool
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
		page, err := s.reg.Search(ctx, registry.Query{Household: z.HouseholdRef, Limit: 30})
		if err != nil {
			return err
		}
		d.Household = page.Items
	}
	if st, ok := s.reg.(issuance.Store); ok && z.IDNumber != "" {
		if d.Cards, err = st.CardsByNumber(ctx, z.IDNumber); err != nil {
			return err
		}
	}
	if qs, ok := s.reg.(quality.Store); ok {
		page, err := qs.Findings(ctx, quality.FindingQuery{CitizenID: z.ID, Limit: 100})
		if err != nil {
			return err
		}
		d.Findings = page.Items
	}
	if err := s.disclose(ctx, v, "GET /citizens/{id}", actRead, []string{z.ID}); err != nil {
		return err
	}
	v.Title, v.Nav = z.FullName, "citizens"
	s.render(w, r, v, http.StatusOK, "citizen", d)
	return nil
}
