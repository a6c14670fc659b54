package portal

import (
	"net/http"
	"strconv"

	"dancu/internal/selfservice"
)

// trackerPage is the data tracker: who accessed the citizen's data, when,
// why and which fields, newest first, a page at a time.
func (s *server) trackerPage(w http.ResponseWriter, r *http.Request, v *view) error {
	before, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	if err != nil || before < 0 {
		before = 0
	}
	page, err := s.self.Accesses(r.Context(), v.Session.Citizen(), before, selfservice.MaxAccesses, trail(r, v))
	if err != nil {
		return err
	}
	v.Title, v.Nav = v.T("tracker.title"), "tracker"
	s.render(w, v, http.StatusOK, "tracker", page)
	return nil
}
