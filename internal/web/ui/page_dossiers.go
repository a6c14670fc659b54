package ui

import (
	"io"
	"net/http"
	"strconv"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
	"dancu/internal/residence"
)

// Audited disclosures of the dossier pages (the service audits changes).
const (
	actDossiers  = "procedure.list"
	actDossier   = "procedure.read"
	actResult    = "procedure.result"
	actResidence = "citizen.residence"
)

func (s *server) procedureRoutes() {
	s.mux.Handle("GET /dossiers", s.authed(s.dossiersPage))
	s.mux.Handle("GET /new-dossier/{kind}", s.authed(s.dossierFormPage))
	s.mux.Handle("POST /new-dossier/{kind}", s.authed(s.dossierFormSubmit))
	s.mux.Handle("POST /dossiers/approve", s.authed(s.approveSelected))
	s.mux.Handle("GET /dossiers/{id}", s.authed(s.dossierPage))
	s.mux.Handle("POST /dossiers/{id}/step", s.authed(s.dossierStep))
	s.mux.Handle("POST /dossiers/{id}/documents", s.authedMax(s.dossierUpload, procedure.MaxDocument+64<<10))
	s.mux.Handle("GET /dossiers/{id}/receipt", s.authed(s.dossierReceipt))
	s.mux.Handle("GET /dossiers/{id}/result", s.authed(s.dossierResult))
	s.mux.Handle("GET /citizens/{id}/residence", s.authed(s.residencePage))
}

func (s *server) procedures() (*procedure.Service, error) {
	if s.proc == nil || s.resid == nil {
		return nil, apperr.New(apperr.NotFound, "this server handles no procedures")
	}
	return s.proc, nil
}

type inboxData struct {
	Items  []procedure.Item
	Kinds  []procedure.Info
	Names  map[string]string
	State  string
	Counts []procedure.Count
	// Outcomes are the results of the batch approval just made.
	Outcomes []procedure.Outcome
}

// dossiersPage is the inbox: open dossiers by due date with overdue
// flags (state=all shows decided ones too), and the forms to file one.
func (s *server) dossiersPage(w http.ResponseWriter, r *http.Request, v *view) error {
	return s.inbox(w, r, v, r.URL.Query().Get("state"), nil)
}

// approveSelected is the inbox's batch approval: each dossier ticked is
// approved on its own (procedure.ApproveEach), and the inbox comes back
// with every dossier's outcome, approved or refused with the reason.
func (s *server) approveSelected(w http.ResponseWriter, r *http.Request, v *view) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.Invalid, "the form does not parse")
	}
	out, err := p.ApproveEach(r.Context(), v.User, r.PostForm["id"], s.trail(v, "POST /dossiers/approve"))
	if apperr.Is(err, apperr.Invalid) {
		out, err = []procedure.Outcome{{Code: apperr.Invalid, Reason: safeMessage(err) + ": " + fieldReasons(err)}}, nil
	}
	if err != nil {
		return err
	}
	return s.inbox(w, r, v, "open", out)
}

func (s *server) inbox(w http.ResponseWriter, r *http.Request, v *view, state string, outcomes []procedure.Outcome) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	d := inboxData{Names: kindNames(p.Kinds(), v), State: state, Outcomes: outcomes}
	for _, k := range p.Kinds() {
		if isResidence(k.Code) {
			d.Kinds = append(d.Kinds, k)
		}
	}
	q := procedure.Query{Limit: procedure.MaxInbox}
	switch d.State {
	case "all":
	case "overdue":
		q.States, q.DueBefore = []procedure.State{procedure.Received}, procedure.Day(p.Now())
	default:
		d.State, q.States = "open", []procedure.State{procedure.Received, procedure.SupplementRequested}
	}
	if d.Items, err = p.Inbox(r.Context(), v.User, q); err != nil {
		return err
	}
	var ids []string
	for _, it := range d.Items {
		ids = append(ids, it.SubjectIDs()...)
	}
	if err := s.disclose(r.Context(), v, "GET /dossiers", actDossiers, ids); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("dos.title"), "dossiers"
	s.render(w, r, v, http.StatusOK, "dossiers", d)
	return nil
}

// kindNames maps kind codes to their names in the page's language.
func kindNames(kinds []procedure.Info, v *view) map[string]string {
	out := map[string]string{}
	for _, k := range kinds {
		out[k.Code] = k.NameVI
		if v.Lang == langEN {
			out[k.Code] = k.NameEN
		}
	}
	return out
}

type dossierData struct {
	procedure.View
	Names     map[string]string
	Form      string // the form as indented JSON
	DocKinds  []string
	Error     string
	Residence bool
}

func (s *server) dossierView(r *http.Request, v *view) (dossierData, error) {
	p, err := s.procedures()
	if err != nil {
		return dossierData{}, err
	}
	dv, err := p.Dossier(r.Context(), v.User, r.PathValue("id"))
	if err != nil {
		return dossierData{}, err
	}
	d := dossierData{View: dv, Names: kindNames(p.Kinds(), v), Form: indentJSON(dv.Form), DocKinds: procedure.DocumentKinds,
		Residence: isResidence(dv.Kind)}
	return d, s.disclose(r.Context(), v, "GET /dossiers/{id}", actDossier, dv.SubjectIDs())
}

func (s *server) dossierPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.dossierView(r, v)
	if err != nil {
		return err
	}
	v.Title, v.Nav = v.T("dos.one"), "dossiers"
	s.render(w, r, v, http.StatusOK, "dossier", d)
	return nil
}

// dossierStep takes one workflow step; a refused step comes back on the
// dossier page with its reason.
func (s *server) dossierStep(w http.ResponseWriter, r *http.Request, v *view) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	_, err = p.Take(r.Context(), v.User, procedure.Step{DossierID: r.PathValue("id"), Action: procedure.Action(r.PostFormValue("action")),
		Version: version, Reason: r.PostFormValue("reason")}, s.trail(v, "POST /dossiers/{id}/step"))
	return s.afterChange(w, r, v, err)
}

// afterChange redirects to the dossier, or shows it again with the
// refusal of an invalid or conflicting change.
func (s *server) afterChange(w http.ResponseWriter, r *http.Request, v *view, err error) error {
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
		d, rerr := s.dossierView(r, v)
		if rerr != nil {
			return rerr
		}
		d.Error = safeMessage(err)
		if fe := fieldReasons(err); fe != "" {
			d.Error += ": " + fe
		}
		v.Title, v.Nav = v.T("dos.one"), "dossiers"
		s.render(w, r, v, http.StatusUnprocessableEntity, "dossier", d)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/dossiers/"+r.PathValue("id"), http.StatusSeeOther)
	return nil
}

// dossierUpload attaches one document (multipart: kind, file).
func (s *server) dossierUpload(w http.ResponseWriter, r *http.Request, v *view) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return s.afterChange(w, r, v, apperr.WithFields("no file", apperr.FieldError{Field: "file", Reason: "choose a PDF, JPEG or PNG file"}))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, procedure.MaxDocument+1))
	if err != nil {
		return apperr.Wrap(err, "read the upload")
	}
	_, err = p.AddDocument(r.Context(), v.User, procedure.Upload{DossierID: r.PathValue("id"), Kind: r.PostFormValue("kind"),
		Name: hdr.Filename, Data: data}, s.trail(v, "POST /dossiers/{id}/documents"))
	return s.afterChange(w, r, v, err)
}

// dossierReceipt is the printable receipt and appointment slip.
func (s *server) dossierReceipt(w http.ResponseWriter, r *http.Request, v *view) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	rc, dv, err := p.Receipt(r.Context(), v.User, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.disclose(r.Context(), v, "GET /dossiers/{id}/receipt", actDossier, dv.SubjectIDs()); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("dos.receipt"), "dossiers"
	s.render(w, r, v, http.StatusOK, "dossier_receipt", rc)
	return nil
}

// dossierResult is the printable giấy xác nhận thông tin về cư trú.
func (s *server) dossierResult(w http.ResponseWriter, r *http.Request, v *view) error {
	p, err := s.procedures()
	if err != nil {
		return err
	}
	dv, err := p.Dossier(r.Context(), v.User, r.PathValue("id"))
	if err != nil {
		return err
	}
	res, err := s.resid.Result(r.Context(), dv)
	if err != nil {
		return err
	}
	if err := s.disclose(r.Context(), v, "GET /dossiers/{id}/result", actResult, dv.SubjectIDs()); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("dos.result"), "dossiers"
	s.render(w, r, v, http.StatusOK, "dossier_result", res)
	return nil
}

// residencePage is a record's current and past residence, each change
// with the procedure that made it.
func (s *server) residencePage(w http.ResponseWriter, r *http.Request, v *view) error {
	if _, err := s.procedures(); err != nil {
		return err
	}
	h, err := s.resid.History(r.Context(), v.User, r.PathValue("id"))
	if err != nil {
		return err
	}
	c, err := s.reg.Citizen(r.Context(), h.CitizenID)
	if err != nil {
		return err
	}
	if err := s.disclose(r.Context(), v, "GET /citizens/{id}/residence", actResidence, []string{h.CitizenID}); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("res.title"), "citizens"
	s.render(w, r, v, http.StatusOK, "residence", residenceData{History: h, Name: c.FullName})
	return nil
}

type residenceData struct {
	residence.History
	Name string
}
