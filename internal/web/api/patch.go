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
// changes as one new version, guarded by the version the client read.
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
	// Check jurisdiction before Update, whose version conflict would
	// otherwise describe a record the user may not see.
	cur, err := s.citizenByID(r.Context(), c, r.PathValue("id"))
	if err != nil {
		return err
	}
	meta := registry.ChangeMeta{Actor: "user:" + c.user.Username, Reason: strings.TrimSpace(req.Reason)}
	next, err := s.reg.Update(r.Context(), cur.ID, req.Version, func(z *registry.Citizen) error {
		if err := s.visible(c, z.ID, z.Permanent); err != nil { // the locked current state
			return err
		}
		for _, apply := range applies {
			apply(z)
		}
		if err := checkRecord(z, s.auth.Now()); err != nil {
			return err
		}
		if !c.user.CanSee(s.units, z.Permanent.Commune, z.Permanent.Province) {
			return apperr.New(apperr.Forbidden, "the new permanent residence is outside your jurisdiction; the receiving unit registers the move")
		}
		return nil
	}, meta)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actUpdate, []string{next.ID}, next, withFields(slices.Sorted(maps.Keys(req.Changes))...))
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
