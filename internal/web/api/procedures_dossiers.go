package api

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
)

// receiveDossier serves POST /dossiers: the desk receives a complete
// dossier; its deadline starts (a notice is decided at once).
func (s *server) receiveDossier(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	var in procedure.NewDossier
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := p.Receive(r.Context(), c.user, in, s.trail(c))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, d)
}

type dossierPage struct {
	Items  []procedure.Item `json:"items"`
	Offset int              `json:"offset"`
	Limit  int              `json:"limit"`
}

// listDossiers serves GET /dossiers: the inbox by due date, with overdue
// flags; filters unit, kind, state, citizen, overdue=true.
func (s *server) listDossiers(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	v := r.URL.Query()
	var bad []apperr.FieldError
	fail := func(field, reason string) { bad = append(bad, apperr.FieldError{Field: field, Reason: reason}) }
	q := procedure.Query{Unit: v.Get("unit"), Kind: v.Get("kind"), Citizen: v.Get("citizen"), Limit: 50}
	if n, ok := intParam(v, "limit", 1, procedure.MaxInbox, fail); ok && n != 0 {
		q.Limit = n
	}
	q.Offset, _ = intParam(v, "offset", 0, maxOffset, fail)
	for _, st := range v["state"] {
		if !validState(st) {
			fail("state", "one of received, supplement_requested, approved, refused, done, withdrawn")
		}
		q.States = append(q.States, procedure.State(st))
	}
	switch v.Get("overdue") {
	case "", "false":
	case "true":
		q.DueBefore = procedure.Day(p.Now())
	default:
		fail("overdue", "true or false")
	}
	if len(q.Citizen) > 64 || len(q.Unit) > 10 || len(q.Kind) > 64 {
		fail("query", "a parameter is too long")
	}
	if len(bad) > 0 {
		return apperr.WithFields("invalid query", bad...)
	}
	items, err := p.Inbox(r.Context(), c.user, q)
	if err != nil {
		return err
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.SubjectIDs()...)
	}
	return s.disclose(w, r, c, actDossiers, ids, dossierPage{Items: items, Offset: q.Offset, Limit: q.Limit})
}

func validState(s string) bool {
	for _, st := range procedure.States {
		if string(st) == s {
			return true
		}
	}
	return false
}

// getDossier serves GET /dossiers/{id}: the dossier and its history.
func (s *server) getDossier(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	v, err := p.Dossier(r.Context(), c.user, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actDossier, v.SubjectIDs(), v)
}

type stepRequest struct {
	Action  procedure.Action `json:"action"`
	Version int              `json:"version"`
	Reason  string           `json:"reason"`
}

// stepDossier serves POST /dossiers/{id}/steps: request a supplement,
// record its arrival, approve, refuse, withdraw, complete.
func (s *server) stepDossier(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	var req stepRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	d, err := p.Take(r.Context(), c.user, procedure.Step{DossierID: r.PathValue("id"), Action: req.Action,
		Version: req.Version, Reason: req.Reason}, s.trail(c))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

type approvalRequest struct {
	DossierIDs []string `json:"dossier_ids"`
}

type approvalOutcomes struct {
	Outcomes []procedure.Outcome `json:"outcomes"`
}

// approveDossiers serves POST /dossiers/approvals: the desk's batch
// approval, each dossier decided on its own (procedure.ApproveEach).
func (s *server) approveDossiers(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	var req approvalRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	out, err := p.ApproveEach(r.Context(), c.user, req.DossierIDs, s.trail(c))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, approvalOutcomes{Outcomes: out})
}

// addDossierDocument serves POST /dossiers/{id}/documents?kind=&name=:
// the body is the file (PDF, JPEG or PNG), stored encrypted.
func (s *server) addDossierDocument(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyError(err)
	}
	q := r.URL.Query()
	doc, err := p.AddDocument(r.Context(), c.user, procedure.Upload{DossierID: r.PathValue("id"), Kind: q.Get("kind"),
		Name: q.Get("name"), Data: data}, s.trail(c))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, doc)
}

// getDossierDocument serves GET /dossiers/{id}/documents/{doc}: the file.
func (s *server) getDossierDocument(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	doc, data, err := p.Document(r.Context(), c.user, id, r.PathValue("doc"))
	if err != nil {
		return err
	}
	v, err := p.Dossier(r.Context(), c.user, id)
	if err != nil {
		return err
	}
	e := s.trail(c)
	e.Time, e.Action, e.CitizenIDs, e.Result = s.auth.Now().UTC(), actDossierDoc, v.SubjectIDs(), "ok"
	if err := s.audit.Record(r.Context(), e); err != nil {
		return apperr.Wrap(err, "record audit entry")
	}
	h := w.Header()
	h.Set("Content-Type", doc.MediaType)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="`+safeFilename(doc.Name)+`"`)
	_, err = w.Write(data)
	return err
}

// safeFilename keeps a header-safe ASCII file name.
func safeFilename(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
}

// dossierReceipt serves GET /dossiers/{id}/receipt: the receipt and
// appointment slip.
func (s *server) dossierReceipt(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	rc, v, err := p.Receipt(r.Context(), c.user, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actDossier, v.SubjectIDs(), rc)
}

// dossierResult serves GET /dossiers/{id}/result: the confirmation of
// residence (giấy xác nhận thông tin về cư trú) or the refusal.
func (s *server) dossierResult(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	v, err := p.Dossier(r.Context(), c.user, r.PathValue("id"))
	if err != nil {
		return err
	}
	res, err := s.residence.Result(r.Context(), v)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actDossierResult, v.SubjectIDs(), res)
}

// procedureCounts serves GET /procedures/counts?unit=&from=&to=: the
// dashboard's dossiers received, in time, overdue and refused per unit and
// procedure.
func (s *server) procedureCounts(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	v := r.URL.Query()
	var q procedure.CountQuery
	var bad []apperr.FieldError
	for _, f := range []struct {
		name string
		dst  *pdate.Date
	}{{"from", &q.From}, {"to", &q.To}} {
		if s := v.Get(f.name); s != "" {
			d, err := pdate.Parse(s)
			if err != nil || d.Day == 0 {
				bad = append(bad, apperr.FieldError{Field: f.name, Reason: "a full date YYYY-MM-DD"})
			}
			*f.dst = d
		}
	}
	if len(bad) > 0 {
		return apperr.WithFields("invalid query", bad...)
	}
	counts, err := p.Counts(r.Context(), c.user, v.Get("unit"), q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, countsResponse{Counts: counts})
}

type countsResponse struct {
	Counts []procedure.Count `json:"counts"`
}
