package api

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

type patchRequest struct {
	Reason  string                     `json:"reason"`
	Version int                        `json:"version"`
	Changes map[string]json.RawMessage `json:"changes"`
}

// patchCitizen serves PATCH /citizens/{id}: it applies the editable
// changes as one new version, guarded by the version the client read. The
// use case (jurisdiction on the locked record, consistency, the version,
// its effects and audit entry) is registry.Service.Correct.
func (s *server) patchCitizen(w http.ResponseWriter, r *http.Request, c *call) error {
	if !c.user.Role.CanEdit() {
		return apperr.New(apperr.Forbidden, "the %s role cannot change records", c.user.Role)
	}
	var req patchRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	applies, err := s.parseChanges(req)
	if err != nil {
		return err
	}
	next, err := s.citizens.Correct(r.Context(), c.user, registry.Correction{
		ID: r.PathValue("id"), Version: req.Version, Reason: req.Reason,
		Apply: func(z *registry.Citizen) error {
			for _, apply := range applies {
				apply(z)
			}
			return nil
		},
	}, s.trail(c))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, next)
}

// parseChanges validates the request and each change, naming every bad
// field at once.
func (s *server) parseChanges(req patchRequest) ([]applyFunc, error) {
	var bad []apperr.FieldError
	fail := func(field, reason string) { bad = append(bad, apperr.FieldError{Field: field, Reason: reason}) }
	switch reason := strings.TrimSpace(req.Reason); {
	case reason == "":
		fail("reason", "required: the reason or legal basis of the change")
	case utf8.RuneCountInString(reason) > 500:
		fail("reason", "at most 500 characters")
	}
	if req.Version < 1 {
		fail("version", "required: the version the change is based on")
	}
	if len(req.Changes) == 0 {
		fail("changes", "required: at least one field to change")
	}
	var applies []applyFunc
	for _, name := range slices.Sorted(maps.Keys(req.Changes)) {
		ed, ok := editable[name]
		if !ok {
			fail("changes."+name, "not an editable field")
			continue
		}
		apply, reason := ed(req.Changes[name], s.units)
		if reason != "" {
			fail("changes."+name, reason)
			continue
		}
		applies = append(applies, apply)
	}
	if len(bad) > 0 {
		return nil, apperr.WithFields("invalid change", bad...)
	}
	return applies, nil
}
