package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

// readVerifyRequest reads and validates a match body.
func readVerifyRequest(r *http.Request) (share.VerifyRequest, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return share.VerifyRequest{}, bodyError(err)
	}
	return share.ParseVerifyRequest(b)
}

// authorizePurpose checks the stated purpose and consent against the
// agency's registration, auditing a refusal as denied.
func (s *server) authorizePurpose(r *http.Request, c *call, p share.Principal, action string, req share.VerifyRequest, fields []string) (share.Purpose, error) {
	purpose, err := p.Agency.Authorize(req.Purpose, req.ConsentRef)
	if err != nil {
		if aerr := s.recordAgency(r.Context(), c, p, agencyAudit{action: action, purpose: share.Purpose{Name: req.Purpose},
			consentRef: req.ConsentRef, fields: fields, result: "denied"}); aerr != nil {
			return purpose, aerr
		}
	}
	return purpose, err
}

// verifyMatch serves POST /verify/match: per asked field match or
// no_match, and nothing else about the person.
func (s *server) verifyMatch(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	req, err := readVerifyRequest(r)
	if err != nil {
		return err
	}
	asked := req.Asked()
	purpose, err := s.authorizePurpose(r, c, p, actVerifyMatch, req, asked)
	if err != nil {
		return err
	}
	if out := req.OutOfScope(p.Agency.Fields); len(out) > 0 {
		return s.denyScope(r, c, p, actVerifyMatch, purpose, req.ConsentRef, asked, out)
	}
	var subj *share.Subject
	got, err := s.share.Store().MatchSubject(r.Context(), req.IDNumber, req.AddressText != "")
	switch {
	case err == nil:
		subj = &got
	case !apperr.Is(err, apperr.NotFound):
		return err
	}
	res := share.Compare(req.MatchQuery, subj)
	var ids []string
	if subj != nil {
		ids = []string{subj.CitizenID}
	}
	if err := s.recordAgency(r.Context(), c, p, agencyAudit{action: actVerifyMatch, purpose: purpose, consentRef: req.ConsentRef,
		fields: asked, citizenIDs: ids, result: res.Result}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, json.RawMessage(res.AppendJSON(make([]byte, 0, 192))))
}

// denyScope audits and refuses a request for fields outside the scope.
func (s *server) denyScope(r *http.Request, c *call, p share.Principal, action string, purpose share.Purpose, consent string, fields, out []string) error {
	if err := s.recordAgency(r.Context(), c, p, agencyAudit{action: action, purpose: purpose, consentRef: consent, fields: fields, result: "denied"}); err != nil {
		return err
	}
	bad := make([]apperr.FieldError, len(out))
	for i, f := range out {
		bad[i] = apperr.FieldError{Field: f, Reason: "outside the agency's field scope"}
	}
	return &apperr.Error{Code: apperr.Forbidden, Message: "the request names fields outside the agency's scope: " + strings.Join(out, ", "), Fields: bad}
}
