package ui

import "net/http"

func todo(w http.ResponseWriter, r *http.Request, v *view) error { return nil }

func (s *server) cleaningPage(w http.ResponseWriter, r *http.Request, v *view) error {
	return todo(w, r, v)
}
func (s *server) duplicatePage(w http.ResponseWriter, r *http.Request, v *view) error {
	return todo(w, r, v)
}
func (s *server) duplicateDecide(w http.ResponseWriter, r *http.Request, v *view) error {
	return todo(w, r, v)
}
func (s *server) walkInSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	return todo(w, r, v)
}
func (s *server) intakeForm(w http.ResponseWriter, r *http.Request, v *view) error {
	return todo(w, r, v)
}
func (s *server) intakeSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	return todo(w, r, v)
}
func (s *server) adminPage(w http.ResponseWriter, r *http.Request, v *view) error {
	return todo(w, r, v)
}
func (s *server) createUserSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	return todo(w, r, v)
}
func (s *server) setQuotaSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	return todo(w, r, v)
}
