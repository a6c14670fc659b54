package api

import (
	"context"
	"net/http"

	"dancu/internal/auth"
	"dancu/internal/issuance"
)

type bookRequest struct {
	StationID string         `json:"station_id"`
	CitizenID string         `json:"citizen_id"`
	Day       jsonDay        `json:"day"`
	SlotStart issuance.Clock `json:"slot_start"`
}

// book serves POST /appointments: an officer books a slot for a citizen.
func (s *server) book(w http.ResponseWriter, r *http.Request, c *call) error {
	var req bookRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	a, err := svc.Book(r.Context(), c.user, req.StationID, req.CitizenID, req.Day.Time, req.SlotStart)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actAppointment, []string{a.CitizenID}, a)
}

type walkInRequest struct {
	StationID string `json:"station_id"`
	CitizenID string `json:"citizen_id"`
}

// walkIn serves POST /appointments/walk-in: a queue number now.
func (s *server) walkIn(w http.ResponseWriter, r *http.Request, c *call) error {
	var req walkInRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	a, err := svc.WalkIn(r.Context(), c.user, req.StationID, req.CitizenID)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actAppointment, []string{a.CitizenID}, a)
}

// cancelAppointment serves POST /appointments/{id}/cancel.
func (s *server) cancelAppointment(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.endAppointment(w, r, c, (*issuance.Service).Cancel)
}

// noShow serves POST /appointments/{id}/no-show, after the slot.
func (s *server) noShow(w http.ResponseWriter, r *http.Request, c *call) error {
	return s.endAppointment(w, r, c, (*issuance.Service).MarkNoShow)
}

type endFunc = func(*issuance.Service, context.Context, auth.User, string) (issuance.Appointment, error)

func (s *server) endAppointment(w http.ResponseWriter, r *http.Request, c *call, end endFunc) error {
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	a, err := end(svc, r.Context(), c.user, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actAppointment, []string{a.CitizenID}, a)
}

type inviteRequest struct {
	Commune string  `json:"commune"`
	Day     jsonDay `json:"day"`
	Limit   int     `json:"limit"`
}

// invite serves POST /stations/{id}/invitations (mời từng người).
func (s *server) invite(w http.ResponseWriter, r *http.Request, c *call) error {
	var req inviteRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	list, err := svc.Invite(r.Context(), c.user, r.PathValue("id"), req.Commune, req.Day.Time, req.Limit)
	if err != nil {
		return err
	}
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.CitizenID
	}
	if list == nil {
		list = []issuance.Appointment{}
	}
	return s.disclose(w, r, c, actInvite, ids, itemsOf[issuance.Appointment]{Items: list})
}
