package api

import (
	"net/http"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// issuanceRoutes are the card issuance endpoints (stations, appointments,
// applications, cards, quotas), appended to the route table.
func (s *server) issuanceRoutes() []route {
	return []route{
		{method: "GET", path: "/api/v1/stations", h: s.listStations},
		{method: "POST", path: "/api/v1/stations", h: s.createStation},
		{method: "GET", path: "/api/v1/stations/{id}/slots", h: s.stationSlots},
		{method: "POST", path: "/api/v1/stations/{id}/invitations", h: s.invite},
		{method: "POST", path: "/api/v1/appointments", h: s.book},
		{method: "POST", path: "/api/v1/appointments/walk-in", h: s.walkIn},
		{method: "POST", path: "/api/v1/appointments/{id}/cancel", h: s.cancelAppointment},
		{method: "POST", path: "/api/v1/appointments/{id}/no-show", h: s.noShow},
		{method: "POST", path: "/api/v1/applications", h: s.createApplication},
		{method: "GET", path: "/api/v1/applications", h: s.listApplications},
		{method: "GET", path: "/api/v1/applications/{id}", h: s.getApplication},
		{method: "POST", path: "/api/v1/applications/{id}/transitions", h: s.transitionApplication},
		{method: "GET", path: "/api/v1/cards/{number}/status", h: s.cardStatus},
		{method: "POST", path: "/api/v1/cards/{number}/revoke", h: s.revokeCard},
		{method: "POST", path: "/api/v1/quotas", h: s.setQuota},
		{method: "GET", path: "/api/v1/progress", h: s.progress},
		{method: "POST", path: "/api/v1/captures", maxBody: maxCaptureBody, h: s.uploadCapture},
		{method: "POST", path: "/api/v1/chip/verify", h: s.verifyChip},
	}
}

// Audited issuance actions: each discloses or changes a citizen's data.
const (
	actAppointment  = "appointment.write"
	actInvite       = "appointment.invite"
	actApplication  = "application.read"
	actApplicationW = "application.write"
	actApplications = "application.list"
	actCardRevoke   = "card.revoke"
)

// issuance is the card issuance service the server was configured with.
func (s *server) issuance() (*issuance.Service, error) {
	if s.issue == nil {
		return nil, apperr.New(apperr.NotFound, "card issuance is not enabled on this server")
	}
	return s.issue, nil
}

// dayParam reads ?name=YYYY-MM-DD, defaulting to today in Vietnam.
func (s *server) dayParam(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return issuance.Day(s.auth.Now()), nil
	}
	d, err := time.Parse(issuance.DayLayout, v)
	if err != nil {
		return d, apperr.WithFields("invalid day", apperr.FieldError{Field: name, Reason: "use YYYY-MM-DD"})
	}
	return d, nil
}

// jsonDay is a YYYY-MM-DD day in request bodies.
type jsonDay struct{ time.Time }

func (d *jsonDay) UnmarshalJSON(b []byte) error {
	t, err := time.Parse(`"`+issuance.DayLayout+`"`, string(b))
	if err != nil {
		return apperr.WithFields("invalid day", apperr.FieldError{Field: "day", Reason: "use \"YYYY-MM-DD\""})
	}
	d.Time = t
	return nil
}

type itemsOf[T any] struct {
	Items []T `json:"items"`
}
