package portal

import (
	"net/http"

	"dancu/internal/procedure"
)

// dossiersPage lists the citizen's dossiers (corrections, residence) with
// their state and deadline.
func (s *server) dossiersPage(w http.ResponseWriter, r *http.Request, v *view) error {
	items, err := s.proc.CitizenDossiers(r.Context(), v.Session.Citizen())
	if err != nil {
		return err
	}
	v.Title, v.Nav = v.T("dossiers.title"), "dossiers"
	s.render(w, v, http.StatusOK, "dossiers", dossiersData{Items: items, Kinds: s.kindNames(v), Sent: r.URL.Query().Get("sent")})
	return nil
}

type dossiersData struct {
	Items []procedure.Item
	Kinds map[string]string
	Sent  string // the id of a dossier just filed
}

// kindNames names every procedure in the view's language.
func (s *server) kindNames(v *view) map[string]string {
	out := map[string]string{}
	for _, k := range s.proc.Kinds() {
		out[k.Code] = k.NameVI
		if v.Lang == langEN {
			out[k.Code] = k.NameEN
		}
	}
	return out
}

// dossierPage shows one of the citizen's dossiers: its state, deadline,
// steps and documents.
func (s *server) dossierPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.proc.CitizenDossier(r.Context(), v.Session.Citizen(), r.PathValue("id"), trail(r, v))
	if err != nil {
		return err
	}
	v.Title, v.Nav = s.kindNames(v)[d.Kind], "dossiers"
	s.render(w, v, http.StatusOK, "dossier", d)
	return nil
}
