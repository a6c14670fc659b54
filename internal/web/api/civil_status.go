package api

import (
	"encoding/json"
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/civilstatus"
	"dancu/internal/procedure"
	"dancu/internal/share"
)

// civilStatusRoutes serve the hộ tịch system: a partner agency posting the
// civil-status events (births, deaths, marriages, ...) it registered.
func (s *server) civilStatusRoutes() []route {
	return []route{
		{method: "POST", path: "/api/v1/civil-status/events", agency: true, h: s.asAgency(share.AudienceCivilStatus, s.postCivilEvent)},
	}
}

// civilEventAnswer is what the agency learns: the dossier its event
// became and, for a birth, the number assigned.
type civilEventAnswer struct {
	EventID   string          `json:"event_id"`
	Duplicate bool            `json:"duplicate"`
	DossierID string          `json:"dossier_id"`
	Kind      string          `json:"kind"`
	State     procedure.State `json:"state"`
	Result    json.RawMessage `json:"result,omitempty"`
}

// Audited action of a retried event answered from the ledger (a first
// post is audited as the dossier's reception, in its transaction).
const actCivilEventReplayed = "civil_status.event_replayed"

// postCivilEvent serves POST /civil-status/events: the event is applied
// once per agency and event_id (201); a retry answers the first outcome
// (200).
func (s *server) postCivilEvent(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	if s.civil == nil {
		return apperr.New(apperr.NotFound, "civil-status events are not enabled on this server")
	}
	var rep civilstatus.Report
	if err := decodeJSON(r, &rep); err != nil {
		return err
	}
	trail := AuditEntry{RequestID: c.id, Route: c.route, AgencyID: p.Agency.ID, Purpose: civilstatus.ReportPurpose, LegalBasis: p.Agency.LegalBasis}
	out, err := s.civil.Post(r.Context(), p.Agency, rep, trail)
	if err != nil {
		return err
	}
	d := out.Dossier
	status := http.StatusCreated
	if out.Duplicate {
		status = http.StatusOK
		if err := s.recordAgency(r.Context(), c, p, agencyAudit{action: actCivilEventReplayed, purpose: share.Purpose{Name: civilstatus.ReportPurpose},
			citizenIDs: d.SubjectIDs(), result: "ok"}); err != nil {
			return err
		}
	}
	return writeJSON(w, status, civilEventAnswer{EventID: rep.EventID, Duplicate: out.Duplicate, DossierID: d.ID, Kind: d.Kind, State: d.State, Result: d.Result})
}
