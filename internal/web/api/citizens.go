package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// visible refuses citizen id outside the user's jurisdiction. The answer
// is 403, not 404: the officer learns only that the record is elsewhere.
// The refusal names the citizen for its audit entry (recordDenial).
func (s *server) visible(c *call, id string, permanent registry.Residence) error {
	if !c.user.CanSee(s.units, permanent.Commune, permanent.Province) {
		return &apperr.Error{Code: apperr.Forbidden, Message: "this citizen's permanent residence is outside your jurisdiction",
			Err: audit.DeniedCitizens{id}}
	}
	return nil
}

// citizenByID reads a current record and checks jurisdiction.
func (s *server) citizenByID(ctx context.Context, c *call, id string) (registry.Citizen, error) {
	if len(id) > 64 {
		return registry.Citizen{}, apperr.New(apperr.NotFound, "no citizen with that id")
	}
	z, err := s.reg.Citizen(ctx, id)
	if err != nil {
		return z, err
	}
	return z, s.visible(c, z.ID, z.Permanent)
}

// citizen serves GET /citizens/{id}, or the state at ?as_of=.
func (s *server) citizen(w http.ResponseWriter, r *http.Request, c *call) error {
	id := r.PathValue("id")
	if len(id) > 64 {
		return apperr.New(apperr.NotFound, "no citizen with that id")
	}
	// The current state decides jurisdiction, also for a past one.
	z, err := s.reg.EncodedCitizen(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.visible(c, z.ID, z.Permanent); err != nil {
		return err
	}
	asOf := r.URL.Query().Get("as_of")
	if asOf == "" {
		return s.disclose(w, r, c, actRead, []string{z.ID}, json.RawMessage(z.JSON))
	}
	at, err := parseAsOf(asOf)
	if err != nil {
		return err
	}
	past, err := s.reg.CitizenAsOf(r.Context(), z.ID, at)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actAsOf, []string{z.ID}, past)
}

// vietnam is UTC+7 all year (no daylight saving), so a fixed zone needs
// no tzdata.
var vietnam = time.FixedZone("ICT", 7*3600)

// parseAsOf reads an RFC 3339 instant or a date, which means the end of
// that day in Vietnam: "as of 2025-01-01" includes that day's changes.
func parseAsOf(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := pdate.Parse(s)
	if err != nil || d.Precision() != pdate.Day {
		return time.Time{}, apperr.WithFields("invalid as_of", apperr.FieldError{Field: "as_of", Reason: "use YYYY-MM-DD or an RFC 3339 time"})
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day+1, 0, 0, 0, 0, vietnam).Add(-time.Nanosecond), nil
}

// history serves GET /citizens/{id}/history.
func (s *server) history(w http.ResponseWriter, r *http.Request, c *call) error {
	switch r.PathValue("sub") {
	case "history":
	case "findings": // the data-quality findings of the record (quality.go)
		return s.citizenFindings(w, r, c)
	default:
		return &httpError{http.StatusNotFound, string(apperr.NotFound), "no such resource"}
	}
	id := r.PathValue("id")
	if len(id) > 64 {
		return apperr.New(apperr.NotFound, "no citizen with that id")
	}
	vs, err := s.reg.History(r.Context(), id)
	if err != nil {
		return err
	}
	// The newest version is the current state, which decides jurisdiction.
	if err := s.visible(c, id, vs[len(vs)-1].Data.Permanent); err != nil {
		return err
	}
	return s.disclose(w, r, c, actHistory, []string{id}, historyResponse{CitizenID: id, Versions: vs})
}

type historyResponse struct {
	CitizenID string             `json:"citizen_id"`
	Versions  []registry.Version `json:"versions"`
}
