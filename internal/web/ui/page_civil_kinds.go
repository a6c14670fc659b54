package ui

import (
	"net/http"

	"dancu/internal/procedure"
)

// civilKindsData lists the civil-status and ID-number procedures, each
// linked to its form (prefilled from ?citizen= when given).
type civilKindsData struct {
	Kinds   []procedure.Info
	Names   map[string]string
	Citizen string
}

// civilKindsPage is the choice of a civil-status or ID-number procedure.
func (s *server) civilKindsPage(w http.ResponseWriter, r *http.Request, v *view) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	d := civilKindsData{Names: kindNames(p.Kinds(), v)}
	if id := r.URL.Query().Get("citizen"); id != "" {
		c, err := s.citizenByID(r.Context(), v, id) // within the officer's jurisdiction
		if err != nil {
			return err
		}
		d.Citizen = c.ID
	}
	for _, k := range p.Kinds() {
		if isCivil(k.Code) {
			d.Kinds = append(d.Kinds, k)
		}
	}
	v.Title, v.Nav = v.T("civ.title"), "dossiers"
	s.render(w, r, v, http.StatusOK, "civil_kinds", d)
	return nil
}
