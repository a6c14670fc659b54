package api

import (
	"net/http"

	"dancu/internal/issuance"
)

// listStations serves GET /stations?unit=: stations are public
// information, listed for any officer.
func (s *server) listStations(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	list, err := svc.Stations(r.Context(), r.URL.Query().Get("unit"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[issuance.Station]{Items: list})
}

type stationRequest struct {
	Code             string               `json:"code"`
	Name             string               `json:"name"`
	Kind             issuance.StationKind `json:"kind"`
	Unit             string               `json:"unit"`
	Address          string               `json:"address"`
	Machines         int                  `json:"machines"`
	MinutesPerIntake int                  `json:"minutes_per_intake"`
	SlotMinutes      int                  `json:"slot_minutes"`
	Hours            []issuance.TimeRange `json:"hours"`
	ActiveFrom       *jsonDay             `json:"active_from"`
	ActiveTo         *jsonDay             `json:"active_to"`
}

// createStation serves POST /stations (province, ministry, admin).
func (s *server) createStation(w http.ResponseWriter, r *http.Request, c *call) error {
	var req stationRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	st := issuance.Station{Code: req.Code, Name: req.Name, Kind: req.Kind, Unit: req.Unit, Address: req.Address,
		Machines: req.Machines, MinutesPerIntake: req.MinutesPerIntake, SlotMinutes: req.SlotMinutes, Hours: req.Hours}
	if req.ActiveFrom != nil {
		st.ActiveFrom = &req.ActiveFrom.Time
	}
	if req.ActiveTo != nil {
		st.ActiveTo = &req.ActiveTo.Time
	}
	created, err := svc.CreateStation(r.Context(), c.user, st)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, created)
}

type slotsResponse struct {
	StationID string              `json:"station_id"`
	Day       string              `json:"day"`
	Slots     []issuance.SlotView `json:"slots"`
}

// stationSlots serves GET /stations/{id}/slots?day=: the day slot by slot
// with capacity, free places and the day view's counts (expected, served,
// no-shows, walk-ins). Counts only, no personal data.
func (s *server) stationSlots(w http.ResponseWriter, r *http.Request, c *call) error {
	day, err := s.dayParam(r, "day")
	if err != nil {
		return err
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	st, view, err := svc.DayView(r.Context(), r.PathValue("id"), day)
	if err != nil {
		return err
	}
	if view == nil {
		view = []issuance.SlotView{}
	}
	return writeJSON(w, http.StatusOK, slotsResponse{StationID: st.ID, Day: day.Format(issuance.DayLayout), Slots: view})
}
