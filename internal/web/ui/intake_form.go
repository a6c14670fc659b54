package ui

import (
	"net/http"

	"dancu/internal/apperr"
)

// The intake form (photo and fingerprint upload with quality checks,
// then the application) is not built yet; the record page links here, so
// it says so instead of failing.
func (s *server) intakeForm(w http.ResponseWriter, r *http.Request, v *view) error {
	return apperr.New(apperr.NotFound, "%s", v.T("intake.form.todo"))
}

func (s *server) intakeSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	return apperr.New(apperr.NotFound, "%s", v.T("intake.form.todo"))
}

func (s *server) walkInSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	return apperr.New(apperr.NotFound, "%s", v.T("intake.form.todo"))
}
