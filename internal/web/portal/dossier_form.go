package portal

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
)

// input is one field of an online dossier's form, as the generic form
// template draws it.
type input struct {
	Name, Label, Type, Value, Hint, Error string
	Options                               []option
	Required                              bool
}

type option struct {
	Value, Label string
	Selected     bool
}

// upload is a document input of a form: the document kind it files.
type upload struct {
	Name, Label, Hint, Error string
}

// dossierForm is a whole form page: which procedure, its inputs and
// documents, and the form-wide error.
type dossierForm struct {
	Kind    string // the procedure's code
	Heading string
	Intro   string
	Action  string
	// Choose is a first step's choice (the province, before its
	// communes can be listed), sent by GET.
	Choose  *input
	Inputs  []input
	Uploads []upload
	Error   string
}

// fillErrors puts a refused submission's field errors next to their
// inputs ("form.until" goes to the input named until); errors without an
// input become the form-wide message.
func (f *dossierForm) fillErrors(v *view, err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || (ae.Code != apperr.Invalid && ae.Code != apperr.Conflict) {
		return err
	}
	var rest []string
	for _, fe := range ae.Fields {
		name := strings.TrimPrefix(fe.Field, "form.")
		if i := strings.IndexAny(name, "[."); i > 0 && !f.has(name) {
			name = name[:i]
		}
		if !f.set(name, v.T("form.invalid")+" ("+fe.Reason+")") {
			rest = append(rest, fe.Field+": "+fe.Reason)
		}
	}
	if len(ae.Fields) == 0 || len(rest) > 0 {
		f.Error = ae.Message
		if len(rest) > 0 {
			f.Error += " — " + strings.Join(rest, "; ")
		}
	}
	return nil
}

func (f *dossierForm) has(name string) bool {
	for _, in := range f.Inputs {
		if in.Name == name {
			return true
		}
	}
	return false
}

func (f *dossierForm) set(name, msg string) bool {
	for i := range f.Inputs {
		if f.Inputs[i].Name == name {
			f.Inputs[i].Error = msg
			return true
		}
	}
	for i := range f.Uploads {
		if f.Uploads[i].Name == name || name == "file" || name == "documents" {
			f.Uploads[i].Error = msg
			return true
		}
	}
	return false
}

// documents reads the form's uploads, each filed as its input's document
// kind; a part over the size limit is an error of that input.
func (f *dossierForm) documents(v *view, r *http.Request) ([]procedure.Upload, bool) {
	var out []procedure.Upload
	ok := true
	for i, u := range f.Uploads {
		ups, err := filesOf(r, u.Name, procedure.DocumentKinds)
		if err != nil {
			f.Uploads[i].Error = v.T("correction.err.file")
			ok = false
		}
		out = append(out, ups...)
	}
	return out, ok
}

// submit files the form online for the session's citizen and sends the
// browser to their dossiers; a refusal is drawn back on the form.
func (s *server) submit(w http.ResponseWriter, r *http.Request, v *view, f *dossierForm, form any, relation string, docs []procedure.Upload) error {
	raw, err := json.Marshal(form)
	if err != nil {
		return err
	}
	in := procedure.NewDossier{Kind: f.Kind, Form: raw, Applicant: procedure.Applicant{Relation: relation}}
	d, err := s.proc.SubmitOnline(r.Context(), v.Session.Citizen(), in, docs, trail(r, v))
	if err == nil {
		http.Redirect(w, r, Prefix+"/dossiers?sent="+d.ID, http.StatusSeeOther)
		return nil
	}
	if err := f.fillErrors(v, err); err != nil {
		return err
	}
	s.renderForm(w, v, http.StatusUnprocessableEntity, f)
	return nil
}

func (s *server) renderForm(w http.ResponseWriter, v *view, status int, f *dossierForm) {
	v.Title, v.Nav = f.Heading, "dossiers"
	s.render(w, v, status, "dossierform", f)
}
