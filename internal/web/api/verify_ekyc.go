package api

import (
	"net/http"
	"slices"

	"dancu/internal/apperr"
	"dancu/internal/readroute"
	"dancu/internal/share"
)

// ekycRequest is a verification request that also names the fields the
// agency wants back (all of its scope when empty).
type ekycRequest struct {
	share.VerifyRequest
	Fields []string `json:"fields,omitempty"`
}

type ekycResponse struct {
	IDNumber string         `json:"id_number"`
	Fields   map[string]any `json:"fields"`
}

// verifyEKYC serves POST /verify/ekyc: exactly the fields the agency's
// scope allows (and it asked for), with a registered purpose and, where
// that purpose rests on consent, the citizen's consent reference.
func (s *server) verifyEKYC(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	var req ekycRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := req.Validate(false); err != nil {
		return err
	}
	if len(req.Fields) > 64 {
		return apperr.WithFields("too many fields", apperr.FieldError{Field: "fields", Reason: "at most 64 names"})
	}
	granted, refused := share.Grant(p.Agency.Fields, req.Fields)
	purpose, err := s.authorizePurpose(r, c, p, actVerifyEKYC, req.VerifyRequest, granted)
	if err != nil {
		return err
	}
	if out := slices.Concat(refused, req.OutOfScope(p.Agency.Fields)); len(out) > 0 {
		return s.denyScope(r, c, p, actVerifyEKYC, purpose, req.ConsentRef, req.Fields, out)
	}
	subj, err := s.share.Store().MatchSubject(r.Context(), req.IDNumber, req.AddressText != "")
	if apperr.Is(err, apperr.NotFound) {
		if err := s.recordAgency(r.Context(), c, p, agencyAudit{action: actVerifyEKYC, purpose: purpose, consentRef: req.ConsentRef, result: share.NoMatch}); err != nil {
			return err
		}
		return apperr.New(apperr.NotFound, "no citizen holds that ID number")
	}
	if err != nil {
		return err
	}
	// Optional match fields guard the disclosure: eKYC answers only for the
	// person the agency describes.
	if len(req.Asked()) > 1 {
		if res := share.Compare(req.MatchQuery, &subj); res.Result != share.Match {
			if err := s.recordAgency(r.Context(), c, p, agencyAudit{action: actVerifyEKYC, purpose: purpose, consentRef: req.ConsentRef,
				fields: req.Asked(), citizenIDs: []string{subj.CitizenID}, result: share.NoMatch}); err != nil {
				return err
			}
			return apperr.New(apperr.NotFound, "the details given do not match the holder of that ID number")
		}
	}
	citizen, err := s.reg.Citizen(readroute.LagTolerant(r.Context()), subj.CitizenID)
	if err != nil {
		return err
	}
	out := share.Project(&citizen, granted)
	disclosed := make([]string, 0, len(out))
	for _, f := range share.Fields() {
		if _, ok := out[f]; ok {
			disclosed = append(disclosed, f)
		}
	}
	if err := s.recordAgency(r.Context(), c, p, agencyAudit{action: actVerifyEKYC, purpose: purpose, consentRef: req.ConsentRef,
		fields: disclosed, citizenIDs: []string{citizen.ID}, result: share.Match}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ekycResponse{IDNumber: req.IDNumber, Fields: out})
}
