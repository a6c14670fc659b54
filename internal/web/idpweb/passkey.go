package idpweb

import (
	"encoding/json"
	"errors"
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/idp"
)

// Passkey routes of the login page: its script asks the options for
// navigator.credentials.get, then posts the browser's answer as a form.
const (
	PathPasskeyOptions = "/oidc/login/passkey/options"
	PathPasskeyLogin   = "/oidc/login/passkey"
)

// maxAssertion bounds the browser's answer (an assertion is ~1 KiB).
const maxAssertion = 8 << 10

// passkeyOptions begins the passkey step of a pending request: the second
// factor after its password, or a passwordless login.
func (s *server) passkeyOptions(w http.ResponseWriter, r *http.Request) {
	req, ok := s.formRequest(w, r)
	if !ok {
		return
	}
	c, err := s.svc.BeginPasskey(r.Context(), req.ID)
	if err != nil {
		s.passkeyJSONError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(c)
}

// passkeyJSONError answers the script with the reason it shows.
func (s *server) passkeyJSONError(w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	var perr *idp.Error
	switch {
	case errors.As(err, &perr):
	case apperr.Is(err, apperr.NotFound):
		status = http.StatusNotFound
	case apperr.Is(err, apperr.Unauthenticated):
		status = http.StatusUnauthorized
	default:
		s.log.Error("provider passkey options", "err", err)
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": apperrMessage(err)})
}

// passkeyLogin finishes the ceremony with the browser's answer; a refused
// passkey shows the login page again with the reason.
func (s *server) passkeyLogin(w http.ResponseWriter, r *http.Request) {
	req, ok := s.formRequest(w, r)
	if !ok {
		return
	}
	answer := r.PostForm.Get("credential")
	if len(answer) > maxAssertion {
		s.showLogin(w, req, http.StatusRequestEntityTooLarge, "", msgPasskeyRefused)
		return
	}
	sess, err := s.svc.LoginWithPasskey(r.Context(), req.ID, r.PostForm.Get("ceremony"), []byte(answer))
	var perr *idp.Error
	switch {
	case errors.As(err, &perr):
		s.finishWithError(w, r, req, err)
		return
	case apperr.Is(err, apperr.Forbidden):
		// The accounts' reason: a passkey alone logs in a level-2 account only.
		s.showLogin(w, req, http.StatusForbidden, "", msgPasskeyLevel)
		return
	case apperr.Is(err, apperr.Unauthenticated), apperr.Is(err, apperr.Invalid), apperr.Is(err, apperr.NotFound):
		s.showLogin(w, req, http.StatusUnauthorized, "", msgPasskeyRefused)
		return
	case err != nil:
		s.log.Error("provider passkey login", "err", err)
		s.messagePage(w, http.StatusInternalServerError, "Lỗi hệ thống; hãy thử lại sau.", "System error; try again later.")
		return
	}
	s.startSession(w, r, sess)
	s.proceed(w, r, req.ID)
}

const (
	msgPasskeyLevel = "Chỉ tài khoản định danh điện tử mức độ 2 được đăng nhập bằng khóa truy cập mà không cần mật khẩu; hãy đăng nhập bằng mật khẩu. " +
		"(Only a level-2 account may log in with a passkey alone; log in with your password.)"
	msgPasskeyRefused = "Không xác minh được khóa truy cập; hãy thử lại. (The passkey could not be verified; try again.)"
	msgPasskeyNext    = "Mật khẩu đúng. Tài khoản này có khóa truy cập: hãy xác nhận bằng khóa truy cập để tiếp tục. " +
		"(Password accepted. This account has a passkey: confirm with it to continue.)"
)
