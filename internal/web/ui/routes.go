package ui

import "net/http"

// page is a handler that returns its error, so that every failure goes
// through one error page (errors.go).
type page func(w http.ResponseWriter, r *http.Request, v *view) error

// routes is the UI's route table. Every route except the login page, the
// language switch and the assets needs a session; every unsafe method
// needs the session's CSRF token (session.go).
func (s *server) routes() {
	s.mux.Handle("GET /static/", s.assets.handler())
	s.mux.Handle("GET /login", s.public(s.loginPage))
	s.mux.Handle("POST /login", s.public(s.loginSubmit))
	s.mux.Handle("GET /lang/{lang}", s.public(s.switchLanguage))

	s.mux.Handle("POST /logout", s.authed(s.logout))
	s.mux.Handle("GET /{$}", s.authed(s.home))
	s.mux.Handle("GET /citizens", s.authed(s.searchPage))
	s.mux.Handle("POST /citizens/search", s.authed(s.searchSubmit))
	s.mux.Handle("GET /citizens/{id}", s.authed(s.citizenPage))
	s.mux.Handle("GET /citizens/{id}/edit", s.authed(s.editPage))
	s.mux.Handle("POST /citizens/{id}/edit", s.authed(s.editSubmit))
	s.mux.Handle("GET /citizens/{id}/book", s.authed(s.bookPage))
	s.mux.Handle("POST /citizens/{id}/book", s.authed(s.bookSubmit))
	s.mux.Handle("GET /appointments/{id}", s.authed(s.appointmentPage))

	s.mux.Handle("GET /dashboard", s.authed(s.dashboardPage))
	s.mux.Handle("GET /dashboard/figures", s.authed(s.dashboardFigures))
	s.mux.Handle("GET /dashboard/export", s.authed(s.dashboardExport))
	s.eidRoutes()

	s.mux.Handle("GET /cleaning", s.authed(s.cleaningPage))
	s.mux.Handle("GET /cleaning/duplicates/{id}", s.authed(s.duplicatePage))
	s.mux.Handle("POST /cleaning/duplicates/{id}", s.authed(s.duplicateDecide))

	s.mux.Handle("GET /intake", s.authed(s.intakePage))
	s.mux.Handle("POST /intake/walk-in", s.authed(s.walkInSubmit))
	s.mux.Handle("GET /intake/new/{citizen}", s.authed(s.intakeForm))
	s.mux.Handle("POST /intake/new/{citizen}", s.upload(s.intakeSubmit))
	s.mux.Handle("GET /applications", s.authed(s.applicationsPage))
	s.mux.Handle("GET /applications/export", s.authed(s.applicationsExport))
	s.mux.Handle("GET /applications/{id}", s.authed(s.applicationPage))
	s.mux.Handle("GET /applications/{id}/receipt", s.authed(s.receiptPage))
	s.mux.Handle("GET /applications/{id}/card/{side}", s.authed(s.cardImage))

	s.mux.Handle("GET /admin", s.authed(s.adminPage))
	s.mux.Handle("POST /admin/users", s.authed(s.createUserSubmit))
	s.mux.Handle("POST /admin/quotas", s.authed(s.setQuotaSubmit))
	s.mux.Handle("POST /admin/stations", s.authed(s.createStationSubmit))
	s.mux.Handle("GET /admin/units", s.authed(s.unitsPage))
	s.mux.Handle("GET /admin/users/{username}/{action}", s.authed(s.confirmUser))
	s.mux.Handle("POST /admin/users/{username}/{action}", s.authed(s.userAction))
	s.rpRoutes()
	s.procedureRoutes()
	s.civilRoutes()
	s.mux.Handle("GET /admin/agencies", s.authed(s.agenciesPage))
	s.mux.Handle("POST /admin/agencies", s.authed(s.createAgencySubmit))
	s.mux.Handle("GET /admin/agencies/{id}/suspend", s.authed(s.confirmSuspend))
	s.mux.Handle("POST /admin/agencies/{id}/{action}", s.authed(s.agencyStatusSubmit))
	s.mux.Handle("GET /", s.public(s.notFound))
}
