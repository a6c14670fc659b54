package ui

import (
	"net/http"

	"dancu/internal/procedure"
)

// dossierFigures are the dashboard's dossiers received, open, decided in
// time, overdue and refused, per unit and procedure.
type dossierFigures struct {
	Rows  []procedure.Count
	Names map[string]string
}

// dossierFigures counts the dossiers of unit (the dashboard's; "" is the
// officer's whole jurisdiction); none when procedures are not served.
func (s *server) dossierFigures(r *http.Request, v *view, unit string) (dossierFigures, error) {
	if s.proc == nil || !v.User.Role.CanEdit() && !v.User.Role.National() {
		return dossierFigures{}, nil
	}
	rows, err := s.proc.Counts(r.Context(), v.User, unit, procedure.CountQuery{})
	if err != nil {
		return dossierFigures{}, err
	}
	return dossierFigures{Rows: rows, Names: kindNames(s.proc.Kinds(), v)}, nil
}
