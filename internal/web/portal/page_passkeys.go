package portal

import (
	"encoding/json"
	"errors"
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/eid"
)

// maxAttestation bounds the browser's answer to a registration (with
// attestation "none", about 1 KiB).
const maxAttestation = 16 << 10

type passkeysData struct {
	Items   []eid.Passkey
	Enabled bool
	Done    string // "added" or "removed"
	Error   string
	Name    string
	// ReauthMinutes is the age a login may have to change passkeys.
	ReauthMinutes int
}

// passkeysPage lists the citizen's passkeys, with the form to add one.
func (s *server) passkeysPage(w http.ResponseWriter, r *http.Request, v *view) error {
	data := passkeysData{Enabled: s.passkeys != nil && s.passkeys.PasskeysEnabled()}
	switch r.URL.Query().Get("done") {
	case "added", "removed":
		data.Done = r.URL.Query().Get("done")
	}
	return s.showPasskeys(w, r, v, http.StatusOK, data)
}

func (s *server) showPasskeys(w http.ResponseWriter, r *http.Request, v *view, status int, data passkeysData) error {
	if data.Enabled {
		p, err := s.accountOf(r, v)
		if err != nil {
			return err
		}
		if data.Items, err = s.passkeys.Passkeys(r.Context(), p); err != nil {
			return err
		}
	}
	data.ReauthMinutes = int(eid.RecentLogin.Minutes())
	v.Title, v.Nav = v.T("passkeys.title"), "passkeys"
	w.Header().Set("Content-Security-Policy", cspWithScript)
	s.render(w, v, status, "passkeys", data)
	return nil
}

// accountOf is the session's VNeID account as the accounts service names
// it (the portal's session knows the citizen, not the account's id).
func (s *server) accountOf(r *http.Request, v *view) (eid.Principal, error) {
	if s.passkeys == nil || !s.passkeys.PasskeysEnabled() {
		return eid.Principal{}, apperr.New(apperr.NotFound, "%s", v.T("passkeys.disabled"))
	}
	a, err := s.passkeys.AccountOfCitizen(r.Context(), v.Session.CitizenID)
	if err != nil {
		return eid.Principal{}, err
	}
	return eid.Principal{AccountID: a.ID, CitizenID: a.CitizenID, Level: a.Level, AuthTime: v.Session.AuthTime}, nil
}

// passkeysPath is the passkeys page, where a fresh login comes back to.
const passkeysPath = Prefix + "/passkeys"

// passkeyOptions begins a registration: the options the page's script
// hands navigator.credentials.create. On a login that is not recent the
// answer names the fresh login (401, "login"), where the script sends the
// browser.
func (s *server) passkeyOptions(w http.ResponseWriter, r *http.Request, v *view) error {
	p, err := s.accountOf(r, v)
	if err == nil {
		var start eid.CeremonyStart
		if start, err = s.passkeys.BeginPasskeyRegistration(r.Context(), p); err == nil {
			w.Header().Set("Content-Type", "application/json")
			return json.NewEncoder(w).Encode(start)
		}
	}
	answer := map[string]string{}
	status, ok := statusOf[apperr.CodeOf(err)]
	switch {
	case errors.Is(err, eid.ErrLoginTooOld):
		answer["login"] = freshLoginURL(passkeysPath)
		err = apperr.New(apperr.Unauthenticated, "%s", v.Tf("passkeys.reauth", int(eid.RecentLogin.Minutes())))
	case !ok || status == http.StatusInternalServerError:
		s.log.Error("portal passkey options", "request_id", v.id, "err", err)
		status, err = http.StatusInternalServerError, apperr.New(apperr.Internal, "%s", v.T("error.internal"))
	}
	answer["error"] = apperrMessage(err)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(answer)
}

// passkeyAdd stores the passkey the browser made, under the citizen's
// name for the device; a refused one shows the page with the reason.
func (s *server) passkeyAdd(w http.ResponseWriter, r *http.Request, v *view) error {
	name, answer := r.PostFormValue("name"), r.PostFormValue("credential")
	data := passkeysData{Enabled: true, Name: name}
	if len(answer) == 0 || len(answer) > maxAttestation {
		data.Error = v.T("passkeys.failed")
		return s.showPasskeys(w, r, v, http.StatusUnprocessableEntity, data)
	}
	p, err := s.accountOf(r, v)
	if err != nil {
		return err
	}
	if _, err := s.passkeys.FinishPasskeyRegistration(r.Context(), p, r.PostFormValue("ceremony"), []byte(answer), name); err != nil {
		if s.reauthenticate(w, r, err, passkeysPath) {
			return nil
		}
		if apperr.CodeOf(err) == apperr.Internal {
			return err
		}
		data.Error = v.T("passkeys.failed") + " (" + apperrMessage(err) + ")"
		return s.showPasskeys(w, r, v, http.StatusUnprocessableEntity, data)
	}
	http.Redirect(w, r, passkeysPath+"?done=added", http.StatusSeeOther)
	return nil
}

// passkeyRemove deletes one of the citizen's passkeys.
func (s *server) passkeyRemove(w http.ResponseWriter, r *http.Request, v *view) error {
	p, err := s.accountOf(r, v)
	if err != nil {
		return err
	}
	if err := s.passkeys.RemovePasskey(r.Context(), p, r.PostFormValue("id")); err != nil {
		if s.reauthenticate(w, r, err, passkeysPath) {
			return nil
		}
		return err
	}
	http.Redirect(w, r, passkeysPath+"?done=removed", http.StatusSeeOther)
	return nil
}

// apperrMessage is an application error's safe message.
func apperrMessage(err error) string {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return "error"
}
