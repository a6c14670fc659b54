package portal

import (
	"net/http"

	"dancu/internal/idp"
)

type consentsData struct {
	Items     []idp.ConsentView
	Withdrawn bool
}

// consentsPage lists the services the citizen allowed to receive their
// data through "log in with VNeID", each withdrawable.
func (s *server) consentsPage(w http.ResponseWriter, r *http.Request, v *view) error {
	items, err := s.self.OwnConsents(r.Context(), v.Session.Citizen())
	if err != nil {
		return err
	}
	v.Title, v.Nav = v.T("consents.title"), "consents"
	s.render(w, v, http.StatusOK, "consents", consentsData{Items: items, Withdrawn: r.URL.Query().Get("withdrawn") == "1"})
	return nil
}

// consentWithdraw withdraws one consent and comes back to the list.
func (s *server) consentWithdraw(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := s.self.WithdrawConsent(r.Context(), v.Session.Citizen(), r.PostFormValue("client"), trail(r, v)); err != nil {
		return err
	}
	http.Redirect(w, r, Prefix+"/consents?withdrawn=1", http.StatusSeeOther)
	return nil
}
