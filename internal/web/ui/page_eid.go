package ui

import (
	"net/http"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/eid"
)

// eidRoutes add the VNeID activation figures to the dashboards.
func (s *server) eidRoutes() {
	s.mux.Handle("GET /dashboard/eid", s.authed(s.eidStatsPage))
}

type eidStatsData struct {
	Stats eid.Stats
	// Drill is true when the rows are provinces (each links to its communes).
	Drill bool
}

// eidStatsPage shows the share of eligible citizens with an active VNeID
// account and at level 2, per unit under ?unit= (the officer's own unit by
// default), as the ministry reports them: the same figures as
// `dancu eid stats` and GET /api/v1/eid/stats (eid.Service.ActivationStats).
func (s *server) eidStatsPage(w http.ResponseWriter, r *http.Request, v *view) error {
	if s.eid == nil {
		return apperr.New(apperr.NotFound, "VNeID accounts are not enabled on this server")
	}
	st, err := s.eid.ActivationStats(r.Context(), v.User, r.URL.Query().Get("unit"), time.Now().In(vietnam))
	if err != nil {
		return err
	}
	for i := range st.Units {
		st.Units[i].ActivatedShare *= 100
		st.Units[i].Level2Share *= 100
	}
	st.Total.ActivatedShare *= 100
	st.Total.Level2Share *= 100
	v.Title, v.Nav = v.T("eid.title"), "dashboard"
	s.render(w, r, v, http.StatusOK, "eid_stats", eidStatsData{Stats: st, Drill: st.Unit == ""})
	return nil
}
