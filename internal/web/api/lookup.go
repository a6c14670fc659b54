package api

import (
	"context"
	"encoding/json"
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/registry"
)

func allDigits(s string, lengths ...int) bool {
	ok := false
	for _, n := range lengths {
		ok = ok || len(s) == n
	}
	for i := 0; ok && i < len(s); i++ {
		ok = '0' <= s[i] && s[i] <= '9'
	}
	return ok
}

// byIDNumber reads the holder of a 12-digit personal ID number (current or
// cancelled) and checks jurisdiction.
func (s *server) byIDNumber(ctx context.Context, c *call, number, field string) (registry.EncodedCitizen, error) {
	if !allDigits(number, 12) {
		return registry.EncodedCitizen{}, apperr.WithFields("invalid ID number", apperr.FieldError{Field: field, Reason: "must be 12 digits"})
	}
	z, err := s.reg.EncodedCitizenByIDNumber(ctx, number)
	if err != nil {
		return z, err
	}
	return z, s.visible(c, z.ID, z.Permanent)
}

// byNumber serves GET /citizens/by-number/{number}. It exists for clients
// that need a GET; lookup keeps the number out of URLs and logs.
func (s *server) byNumber(w http.ResponseWriter, r *http.Request, c *call) error {
	z, err := s.byIDNumber(r.Context(), c, r.PathValue("number"), "number")
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actLookup, []string{z.ID}, json.RawMessage(z.JSON))
}

type lookupRequest struct {
	IDNumber    string `json:"id_number"`
	OldIDNumber string `json:"old_id_number"`
}

type citizenList struct {
	Items []registry.Citizen `json:"items"`
}

// lookup serves POST /citizens/lookup: one citizen by ID number, or the
// list holding a legacy 9- or 12-digit CMND number (legacy data can hold
// the same one twice).
func (s *server) lookup(w http.ResponseWriter, r *http.Request, c *call) error {
	var req lookupRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	switch {
	case (req.IDNumber == "") == (req.OldIDNumber == ""):
		return apperr.WithFields("give exactly one of id_number and old_id_number",
			apperr.FieldError{Field: "id_number", Reason: "exactly one of id_number, old_id_number"})
	case req.IDNumber != "":
		z, err := s.byIDNumber(r.Context(), c, req.IDNumber, "id_number")
		if err != nil {
			return err
		}
		return s.disclose(w, r, c, actLookup, []string{z.ID}, json.RawMessage(z.JSON))
	}
	if !allDigits(req.OldIDNumber, 9, 12) {
		return apperr.WithFields("invalid old ID number", apperr.FieldError{Field: "old_id_number", Reason: "must be 9 or 12 digits"})
	}
	all, err := s.reg.CitizensByOldNumber(r.Context(), req.OldIDNumber)
	if err != nil {
		return err
	}
	out := citizenList{Items: []registry.Citizen{}}
	var ids []string
	for _, z := range all {
		if s.visible(c, z.ID, z.Permanent) == nil {
			out.Items, ids = append(out.Items, z), append(ids, z.ID)
		}
	}
	switch {
	case len(all) == 0:
		return apperr.New(apperr.NotFound, "no citizen with that old ID number")
	case len(out.Items) == 0:
		denied := make(audit.DeniedCitizens, len(all))
		for i, z := range all {
			denied[i] = z.ID
		}
		return &apperr.Error{Code: apperr.Forbidden, Message: "the citizens with that old ID number are outside your jurisdiction", Err: denied}
	}
	return s.disclose(w, r, c, actLookup, ids, out)
}
