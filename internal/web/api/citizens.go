package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// visible refuses citizen id outside the user's jurisdiction. The answer
// is 403, not 404: the officer learns only that the record is elsewhere.
func (s *server) visible(c *call, id string, permanent registry.Residence) error {
	return s.citizens.Visible(c.user, id, permanent)
}

// citizenByID reads a current record within the caller's jurisdiction.
func (s *server) citizenByID(ctx context.Context, c *call, id string) (registry.Citizen, error) {
	return s.citizens.Citizen(ctx, c.user, id)
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
	at, past, err := parsePointInTime(r.URL.Query())
	if err != nil {
		return err
	}
	if !past {
		return s.disclose(w, r, c, actRead, []string{z.ID}, json.RawMessage(z.JSON))
	}
	state, err := s.reg.CitizenAt(r.Context(), z.ID, at)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actAsOf, []string{z.ID}, state)
}

// parsePointInTime reads the two time axes of a past read: as_of is valid
// time (the state in force in law then), recorded_as_of is recorded time
// (as the register knew it then). Only recorded_as_of asks what the register
// showed at that moment, so valid time defaults to it; only as_of takes
// everything recorded so far.
func parsePointInTime(v url.Values) (registry.PointInTime, bool, error) {
	var at registry.PointInTime
	valid, recorded := v.Get("as_of"), v.Get("recorded_as_of")
	if valid == "" && recorded == "" {
		return at, false, nil
	}
	var err error
	if recorded != "" {
		if at.Recorded, err = parseAsOf(recorded); err != nil {
			return at, false, apperr.WithFields("invalid recorded_as_of", apperr.FieldError{Field: "recorded_as_of", Reason: "use YYYY-MM-DD or an RFC 3339 time"})
		}
		at.Valid = at.Recorded
	}
	if valid != "" {
		if at.Valid, err = parseAsOf(valid); err != nil {
			return at, false, err
		}
	}
	return at, true, nil
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
