package portal

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
	"dancu/internal/procedure/correction"
	"dancu/internal/registry"
)

const (
	// maxEvidenceBody caps the correction form with its documents: two
	// documents at the engine's 10 MiB limit, and the fields.
	maxEvidenceBody = 21 << 20
	maxUploadMemory = 8 << 20 // beyond this, ParseMultipartForm spools to a temporary file
	maxEvidence     = 2
)

type correctionData struct {
	Fields []correctionField
	Reason string
	Errors map[string]string // field (or "reason", "file", "form") -> message
}

type correctionField struct {
	Name, Label, Current, Requested string
}

// correctionForm shows the fields a citizen may ask to correct, each with
// the register's current value.
func (s *server) correctionForm(w http.ResponseWriter, r *http.Request, v *view) error {
	rec, err := s.self.OwnRecord(r.Context(), v.Session.Citizen(), trail(r, v))
	if err != nil {
		return err
	}
	s.renderCorrection(w, v, http.StatusOK, correctionData{Fields: s.correctionFields(v, rec.Citizen, nil)})
	return nil
}

func (s *server) renderCorrection(w http.ResponseWriter, v *view, status int, d correctionData) {
	v.Title, v.Nav = v.T("correction.title"), "dossiers"
	s.render(w, v, status, "correction", d)
}

// correctionFields lists the correctable fields with their current values
// and what the citizen typed (nil: nothing yet).
func (s *server) correctionFields(v *view, z registry.Citizen, typed map[string]string) []correctionField {
	current := map[string]string{"other_name": z.OtherName, "birth_place": z.BirthPlace, "ethnicity": registry.EthnicityName(z.Ethnicity),
		"religion": registry.ReligionName(z.Religion), "blood_type": z.BloodType, "phone": z.Phone, "email": z.Email}
	out := make([]correctionField, 0, len(correction.Fields))
	for _, f := range correction.Fields {
		out = append(out, correctionField{Name: f, Label: v.T("f." + f), Current: current[f], Requested: typed[f]})
	}
	return out
}

// correctionSubmit files the request as a dossier of the commune that
// keeps the record; errors come back next to their inputs.
func (s *server) correctionSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	me := v.Session.Citizen()
	if err := r.ParseMultipartForm(maxUploadMemory); err != nil {
		return apperr.New(apperr.Invalid, "%s", v.T("error.badupload"))
	}
	defer r.MultipartForm.RemoveAll()
	form := correction.Form{Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	typed := map[string]string{}
	for _, f := range correction.Fields {
		if val := strings.TrimSpace(r.PostFormValue("new_" + f)); val != "" {
			typed[f] = val
			form.Changes = append(form.Changes, correction.Change{Field: f, Requested: val})
		}
	}
	uploads, err := evidence(r)
	d := correctionData{Reason: form.Reason, Errors: map[string]string{}}
	if err != nil {
		d.Errors["file"] = v.T("correction.err.file")
	}
	if len(form.Changes) == 0 {
		d.Errors["form"] = v.T("correction.err.none")
	}
	if len(d.Errors) == 0 {
		raw, _ := json.Marshal(form)
		dossier, err := s.proc.SubmitOnline(r.Context(), me, procedure.NewDossier{Kind: correction.Code, Form: raw}, uploads, trail(r, v))
		if err == nil {
			http.Redirect(w, r, Prefix+"/dossiers?sent="+dossier.ID, http.StatusSeeOther)
			return nil
		}
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
			return err
		}
		for _, fe := range ae.Fields {
			d.Errors[fieldOf(fe.Field)] = v.T("form.invalid") + " (" + fe.Reason + ")"
		}
		if len(ae.Fields) == 0 {
			d.Errors["form"] = ae.Message
		}
	}
	rec, err := s.self.OwnRecord(r.Context(), me, trail(r, v))
	if err != nil {
		return err
	}
	d.Fields = s.correctionFields(v, rec.Citizen, typed)
	s.renderCorrection(w, v, http.StatusUnprocessableEntity, d)
	return nil
}

// fieldOf maps a domain field error onto the form's input.
func fieldOf(f string) string {
	switch f {
	case "reason", "file", "name", "kind":
		if f != "reason" {
			return "file"
		}
		return f
	case "changes", "changes.field", "form":
		return "form"
	}
	return f
}

// evidence reads the correction's uploaded documents.
func evidence(r *http.Request) ([]procedure.Upload, error) {
	ups, err := filesOf(r, "evidence", nil)
	for i := range ups {
		ups[i].Kind = "other"
	}
	return ups, err
}

// filesOf reads the files of input name, each within the engine's size
// limit (checked from the part's header before reading), filed as the
// document kind name when it is one of kinds.
func filesOf(r *http.Request, name string, kinds []string) ([]procedure.Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	kind := "other"
	for _, k := range kinds {
		if k == name {
			kind = k
		}
	}
	var out []procedure.Upload
	for _, fh := range r.MultipartForm.File[name] {
		if fh.Size == 0 && fh.Filename == "" {
			continue // the empty file input of a form sent without a file
		}
		if len(out) == maxEvidence || fh.Size <= 0 || fh.Size > procedure.MaxDocument {
			return nil, errors.New("evidence: too many, empty or too large")
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(f, procedure.MaxDocument+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, procedure.Upload{Kind: kind, Name: fh.Filename, Data: data})
	}
	return out, nil
}

func badUpload(v *view) error { return apperr.New(apperr.Invalid, "%s", v.T("error.badupload")) }
