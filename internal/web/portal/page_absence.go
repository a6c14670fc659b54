package portal

import (
	"net/http"
	"strings"

	"dancu/internal/residence"
)

func (s *server) absenceForm(v *view, r *http.Request) *dossierForm {
	val := func(n string) string {
		if r == nil {
			return ""
		}
		return strings.TrimSpace(r.PostFormValue(n))
	}
	cases := input{Name: "case", Label: v.T("absence.case"), Type: "select", Required: true}
	for _, c := range residence.AbsenceCases {
		label := c.NameVI
		if v.Lang == langEN {
			label = c.NameEN
		}
		cases.Options = append(cases.Options, option{Value: c.Code, Label: c.Code + ") " + label, Selected: val("case") == c.Code})
	}
	return &dossierForm{Kind: "residence.absence", Heading: v.T("absence.title"), Intro: v.T("absence.intro"),
		Action: Prefix + "/residence/absence",
		Inputs: []input{cases,
			{Name: "from", Label: v.T("absence.from"), Type: "date", Value: val("from"), Required: true},
			{Name: "until", Label: v.T("absence.until"), Type: "date", Value: val("until"), Required: true},
			{Name: "destination", Label: v.T("absence.destination"), Type: "text", Value: val("destination"), Required: true},
			{Name: "reason", Label: v.T("absence.reason"), Type: "text", Value: val("reason"), Required: true},
			{Name: "supervisor", Label: v.T("absence.supervisor"), Type: "text", Value: val("supervisor"), Hint: v.T("absence.supervisor.hint")}},
		Uploads: []upload{{Name: "supervisor_consent", Label: v.T("doc.supervisor_consent"), Hint: v.T("doc.hint")}}}
}

func (s *server) absencePage(w http.ResponseWriter, r *http.Request, v *view) error {
	s.renderForm(w, v, http.StatusOK, s.absenceForm(v, nil))
	return nil
}

// absenceSubmit files khai báo tạm vắng for the citizen themself.
func (s *server) absenceSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := r.ParseMultipartForm(maxUploadMemory); err != nil {
		return badUpload(v)
	}
	defer r.MultipartForm.RemoveAll()
	f := s.absenceForm(v, r)
	form := residence.AbsenceForm{CitizenID: v.Session.CitizenID, Case: r.PostFormValue("case"),
		From: day(r.PostFormValue("from")), Until: day(r.PostFormValue("until")),
		Destination: r.PostFormValue("destination"), Reason: r.PostFormValue("reason"), Supervisor: r.PostFormValue("supervisor")}
	docs, ok := f.documents(v, r)
	if !ok {
		s.renderForm(w, v, http.StatusUnprocessableEntity, f)
		return nil
	}
	return s.submit(w, r, v, f, form, "self", docs)
}
