package portal

import (
	"errors"
	"net/http"

	"dancu/internal/apperr"
)

// statusOf maps the one application error type onto HTTP, as the API does.
var statusOf = map[apperr.Code]int{
	apperr.Invalid:         http.StatusUnprocessableEntity,
	apperr.NotFound:        http.StatusNotFound,
	apperr.Conflict:        http.StatusConflict,
	apperr.Forbidden:       http.StatusForbidden,
	apperr.Unauthenticated: http.StatusUnauthorized,
	apperr.RateLimited:     http.StatusTooManyRequests,
	apperr.Internal:        http.StatusInternalServerError,
}

type errorData struct {
	Status  int
	Message string
}

// fail renders the error page. Internal errors are logged without
// personal data (the route pattern and request id) and shown as a generic
// message; others show their safe message.
func (s *server) fail(w http.ResponseWriter, r *http.Request, v *view, err error) {
	code := apperr.CodeOf(err)
	if code == apperr.Unauthenticated {
		clearCookie(w, sessionCookie)
		http.Redirect(w, r, Prefix+"/login", http.StatusSeeOther)
		return
	}
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	msg := v.T("error.internal")
	var ae *apperr.Error
	if status != http.StatusInternalServerError && errors.As(err, &ae) {
		msg = ae.Message
	} else {
		s.log.Error("portal page failed", "route", r.Pattern, "request_id", v.id, "err", err)
	}
	v.Title = v.T("error.title")
	s.render(w, v, status, "error", errorData{Status: status, Message: msg})
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request, v *view) error {
	return apperr.New(apperr.NotFound, "%s", v.T("error.notfound"))
}
