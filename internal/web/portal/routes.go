package portal

// routes is the portal's route table. Every route except the login, the
// language switch and the assets needs a session; every unsafe method
// needs the session's CSRF token.
func (s *server) routes() {
	p := Prefix
	s.mux.Handle("GET "+p+"/static/{file}", s.assets.handler())
	s.mux.Handle("GET "+p+"/login", s.public(s.loginPage))
	s.mux.Handle("GET "+p+"/login/start", s.public(s.loginStart))
	s.mux.Handle("GET "+freshLoginPath, s.public(s.loginFresh))
	s.mux.Handle("GET "+p+"/callback", s.public(s.loginCallback))
	s.mux.Handle("GET "+p+"/lang/{lang}", s.public(s.switchLanguage))
	s.mux.Handle("POST "+p+"/logout", s.authed(s.logout))

	s.mux.Handle("GET "+p+"/{$}", s.authed(s.home))
	s.mux.Handle("GET "+p+"/record", s.authed(s.recordPage))
	s.mux.Handle("GET "+p+"/cards", s.authed(s.cardsPage))
	s.mux.Handle("GET "+p+"/tracker", s.authed(s.trackerPage))
	s.mux.Handle("GET "+p+"/dossiers", s.authed(s.dossiersPage))
	s.mux.Handle("GET "+p+"/dossiers/{id}", s.authed(s.dossierPage))
	s.mux.Handle("GET "+p+"/correction", s.authed(s.correctionForm))
	s.mux.Handle("POST "+p+"/correction", s.authedMax(s.correctionSubmit, maxEvidenceBody))
	s.mux.Handle("GET "+p+"/residence", s.authed(s.residencePage))
	s.mux.Handle("GET "+p+"/residence/permanent", s.authed(s.permanentPage))
	s.mux.Handle("POST "+p+"/residence/permanent", s.authedMax(s.permanentSubmit, maxEvidenceBody))
	s.mux.Handle("GET "+p+"/residence/temporary", s.authed(s.temporaryPage))
	s.mux.Handle("POST "+p+"/residence/temporary", s.authedMax(s.temporarySubmit, maxEvidenceBody))
	s.mux.Handle("GET "+p+"/residence/absence", s.authed(s.absencePage))
	s.mux.Handle("POST "+p+"/residence/absence", s.authedMax(s.absenceSubmit, maxEvidenceBody))
	s.mux.Handle("GET "+p+"/residence/stay", s.authed(s.stayPage))
	s.mux.Handle("POST "+p+"/residence/stay", s.authed(s.staySubmit))
	s.mux.Handle("GET "+p+"/credential", s.authed(s.credentialPage))
	s.mux.Handle("POST "+p+"/credential", s.authed(s.credentialPresent))
	s.mux.Handle("GET "+p+"/consents", s.authed(s.consentsPage))
	s.mux.Handle("POST "+p+"/consents/withdraw", s.authed(s.consentWithdraw))
	s.mux.Handle("GET "+p+"/passkeys", s.authed(s.passkeysPage))
	s.mux.Handle("POST "+p+"/passkeys/options", s.authed(s.passkeyOptions))
	s.mux.Handle("POST "+p+"/passkeys", s.authed(s.passkeyAdd))
	s.mux.Handle("POST "+p+"/passkeys/remove", s.authed(s.passkeyRemove))
	s.mux.Handle(p+"/", s.public(s.notFound))
}
