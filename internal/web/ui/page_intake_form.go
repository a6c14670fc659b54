package ui

import (
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"slices"

	"dancu/internal/apperr"
	"dancu/internal/capture"
	"dancu/internal/issuance"
	"dancu/internal/registry"
)

type intakeFormData struct {
	C        registry.Citizen
	Stations []issuance.Station
	Needs    issuance.CaptureNeeds
	Kinds    any
	Missing  []string
	Form     intakeForm
}

// intakeForm starts the intake from the registry record: the citizen's
// identity comes from the register, the officer picks the station and
// procedure and uploads the captures.
func (s *server) intakeForm(w http.ResponseWriter, r *http.Request, v *view) error {
	f := newIntakeForm()
	f.Station = r.URL.Query().Get("station")
	return s.renderIntakeForm(w, r, v, http.StatusOK, f)
}

// intakeSubmit checks and stores each uploaded capture (StoreCapture runs
// the quality checks), then receives the application and shows its
// receipt. Failures come back next to their inputs, with the captures
// that passed kept.
func (s *server) intakeSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if !v.User.Role.CanEdit() {
		return apperr.New(apperr.Forbidden, "%s", v.T("error.role"))
	}
	ctx := r.Context()
	z, err := s.citizenByID(ctx, v, r.PathValue("citizen"))
	if err != nil {
		return err
	}
	svc := s.issue
	// Parse the whole body first: PostFormValue would drop a parse error
	// and the first file read would then fail as an internal error.
	if err := r.ParseMultipartForm(maxUploadMemory); err != nil {
		s.badUpload(w, r, v, err)
		return nil
	}
	f := newIntakeForm()
	f.Station, f.Type, f.Reason = r.PostFormValue("station"), r.PostFormValue("type"), r.PostFormValue("reason")
	if err := s.storeCaptures(ctx, r, v, svc, &f); err != nil {
		return err
	}
	f.requireCaptures(v, issuance.NeedsOn(z.BirthDate, s.auth.Now()))
	if len(f.Errors) == 0 {
		a, err := svc.Apply(ctx, v.User, f.application(z.ID))
		if err == nil {
			if err := s.disclose(ctx, v, "POST /intake/new/{citizen}", actAppWrite, []string{z.ID}); err != nil {
				return err
			}
			http.Redirect(w, r, "/applications/"+a.ID+"/receipt", http.StatusSeeOther)
			return nil
		}
		if !f.applyError(err) {
			return err
		}
		s.recordDenial(ctx, v, r.Pattern, err) // a refusal shown on the form is still a refused attempt
	}
	return s.renderIntakeForm(w, r, v, http.StatusUnprocessableEntity, f)
}

// badUpload answers a body that is not a well-formed multipart form (no
// or a wrong boundary, truncated, not multipart at all) with 400, and one
// over the size limit with 413: the client's doing, not a server fault.
func (s *server) badUpload(w http.ResponseWriter, r *http.Request, v *view, err error) {
	status, msg := http.StatusBadRequest, v.T("error.badupload")
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || errors.Is(err, multipart.ErrMessageTooLarge) {
		status, msg = http.StatusRequestEntityTooLarge, v.T("error.uploadlarge")
	}
	v.Title = v.T("error.title")
	s.render(w, r, v, status, "error", errorData{Status: status, Message: msg})
}

// storeCaptures stores each uploaded file through the service and keeps
// the references of earlier uploads from the hidden fields.
func (s *server) storeCaptures(ctx context.Context, r *http.Request, v *view, svc *issuance.Service, f *intakeForm) error {
	store := func(field, kept string, kind issuance.CaptureKind) (string, error) {
		data, ok, tooBig, err := readUpload(r, field)
		switch {
		case err != nil:
			return "", apperr.Wrap(err, "read upload")
		case tooBig:
			f.Errors[field] = v.T("intake.err.toolarge")
			return "", nil
		case !ok:
			if validRef(kept) {
				return kept, nil
			}
			return "", nil
		}
		ref, err := svc.StoreCapture(ctx, v.User, kind, data)
		if apperr.Is(err, apperr.Invalid) {
			f.Errors[field] = captureMessage(v, err)
			return "", nil
		}
		return ref, err
	}
	var err error
	if f.Photo, err = store("photo", r.PostFormValue("photo_ref"), issuance.CapturePhoto); err != nil {
		return err
	}
	if f.Signature, err = store("signature", r.PostFormValue("signature_ref"), issuance.CaptureSignature); err != nil {
		return err
	}
	for i := range f.Fingers {
		fr := &f.Fingers[i]
		name := fingerField(i)
		if fr.Ref, err = store(name, r.PostFormValue(name+"_ref"), issuance.CaptureFingerprint); err != nil {
			return err
		}
		fr.Err = f.Errors[name]
		if m := r.PostFormValue(name + "_missing"); fr.Ref == "" && fr.Err == "" && slices.Contains(missingReasons, m) {
			fr.Missing = m
		}
	}
	return nil
}

// captureMessage is the quality check's refusal in the officer's
// language; the service keeps the typed refusal as its error's cause.
func captureMessage(v *view, err error) string {
	var ce *capture.Error
	if errors.As(err, &ce) {
		if v.Lang == langEN {
			return ce.Message
		}
		return ce.MessageVI
	}
	return safeMessage(err)
}

// requireCaptures marks what the law asks of this holder but is missing.
func (f *intakeForm) requireCaptures(v *view, needs issuance.CaptureNeeds) {
	if needs == issuance.NeedsNone {
		return
	}
	need := func(field, ref string) {
		if ref == "" && f.Errors[field] == "" {
			f.Errors[field] = v.T("intake.err.required")
		}
	}
	need("photo", f.Photo)
	if needs != issuance.NeedsNoSignature {
		need("signature", f.Signature)
	}
	for i := range f.Fingers {
		fr := &f.Fingers[i]
		if fr.Ref == "" && fr.Missing == "" && fr.Err == "" {
			fr.Err = v.T("intake.err.finger")
			f.Errors[fingerField(i)] = fr.Err
		}
	}
}

func (f intakeForm) application(citizenID string) issuance.NewApplication {
	c := issuance.Captures{Photo: f.Photo, Signature: f.Signature}
	for i, fr := range f.Fingers {
		c.Fingerprints[i] = issuance.Fingerprint{Ref: fr.Ref, Missing: fr.Missing}
	}
	return issuance.NewApplication{CitizenID: citizenID, StationID: f.Station, Type: issuance.Type(f.Type),
		Reason: issuance.Reason(f.Reason), Captures: c}
}

// applyError puts Apply's refusal on the form; false means it is not a
// refusal the officer can correct here.
func (f *intakeForm) applyError(err error) bool {
	var ae *apperr.Error
	if !errors.As(err, &ae) || (ae.Code != apperr.Invalid && ae.Code != apperr.Conflict && ae.Code != apperr.Forbidden) {
		return false
	}
	for _, fe := range ae.Fields {
		if fe.Field == "type" || fe.Field == "reason" {
			f.Errors[fe.Field] = fe.Reason
		}
	}
	if len(ae.Fields) == 0 || (f.Errors["type"] == "" && f.Errors["reason"] == "") {
		f.Errors["form"] = ae.Message
	}
	return true
}

func (s *server) renderIntakeForm(w http.ResponseWriter, r *http.Request, v *view, status int, f intakeForm) error {
	if !v.User.Role.CanEdit() {
		return apperr.New(apperr.Forbidden, "%s", v.T("error.role"))
	}
	ctx := r.Context()
	z, err := s.citizenByID(ctx, v, r.PathValue("citizen"))
	if err != nil {
		return err
	}
	svc := s.issue
	d := intakeFormData{C: z, Kinds: kindReasons, Missing: missingReasons, Form: f}
	if d.Stations, err = svc.Stations(ctx, v.User.Scope()); err != nil {
		return err
	}
	d.Needs = issuance.NeedsOn(z.BirthDate, s.auth.Now())
	if err := s.disclose(ctx, v, "GET /intake/new/{citizen}", actRead, []string{z.ID}); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("intake.form.title")+": "+z.FullName, "intake"
	s.render(w, r, v, status, "intake_form", d)
	return nil
}
