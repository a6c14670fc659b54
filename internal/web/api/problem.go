package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"dancu/internal/apperr"
)

// problemType is the RFC 9457 "type" prefix; the code is appended. A URN
// identifies the problem without promising a page behind it.
const problemType = "urn:dancu:problem:"

// statuses is the one table from application error codes to HTTP.
var statuses = map[apperr.Code]struct {
	status int
	title  string
}{
	apperr.Invalid:         {http.StatusBadRequest, "Invalid request"},
	apperr.NotFound:        {http.StatusNotFound, "Not found"},
	apperr.Conflict:        {http.StatusConflict, "Conflict"},
	apperr.Forbidden:       {http.StatusForbidden, "Forbidden"},
	apperr.Unauthenticated: {http.StatusUnauthorized, "Unauthenticated"},
	apperr.RateLimited:     {http.StatusTooManyRequests, "Too many requests"},
	apperr.Internal:        {http.StatusInternalServerError, "Internal error"},
}

// internalDetail is all a client learns of an internal error; the cause
// goes to the log with the request id.
const internalDetail = "an internal error occurred; quote the request id to the operators"

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type     string              `json:"type"`
	Title    string              `json:"title"`
	Status   int                 `json:"status"`
	Detail   string              `json:"detail,omitempty"`
	Instance string              `json:"instance"`
	Errors   []apperr.FieldError `json:"errors,omitempty"`
}

// httpError is a failure of HTTP itself that no apperr code describes:
// an unknown route, a wrong method, a body over the limit.
type httpError struct {
	status int
	code   string
	detail string
}

func (e *httpError) Error() string { return e.detail }

var errPanic = apperr.New(apperr.Internal, "handler panicked")

func muxError(status int, h http.Header) error {
	if status == http.StatusMethodNotAllowed || h.Get("Allow") != "" {
		return &httpError{http.StatusMethodNotAllowed, "method_not_allowed", "this resource does not support the method; see the Allow header"}
	}
	return &httpError{http.StatusNotFound, string(apperr.NotFound), "no such resource"}
}

// toProblem classifies err.
func toProblem(err error) (Problem, apperr.Code) {
	var he *httpError
	if errors.As(err, &he) {
		return Problem{Type: problemType + he.code, Title: http.StatusText(he.status), Status: he.status, Detail: he.detail}, ""
	}
	code := apperr.CodeOf(err)
	st := statuses[code]
	p := Problem{Type: problemType + string(code), Title: st.title, Status: st.status}
	var ae *apperr.Error
	if code != apperr.Internal && errors.As(err, &ae) {
		p.Detail, p.Errors = ae.Message, ae.Fields
	} else {
		p.Detail = internalDetail
	}
	return p, code
}

// problem writes err as problem details. Internal errors are logged with
// their cause; the others are the client's doing and are not.
func (s *server) problem(w http.ResponseWriter, c *call, err error) {
	p, code := toProblem(err)
	p.Instance = "urn:dancu:request:" + c.id
	if code == apperr.Internal {
		s.log.Error("request failed", "request_id", c.id, "route", c.route, "user_id", c.user.ID, "err", err)
	}
	h := w.Header()
	if ra, ok := retryAfter(err); ok {
		h.Set("Retry-After", strconv.Itoa(int((ra+time.Second-1)/time.Second)))
	}
	if p.Status == http.StatusUnauthorized && h.Get("WWW-Authenticate") == "" { // a route may name its own scheme (the wallet's DPoP)
		h.Set("WWW-Authenticate", `Bearer realm="dancu"`)
	}
	h.Del("Content-Length")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	b, _ := json.Marshal(p) // plain strings and ints: cannot fail
	w.WriteHeader(p.Status)
	w.Write(b)
}

// retryAfter finds a wait time in err's chain (auth.RetryAfterError).
func retryAfter(err error) (time.Duration, bool) {
	var ra interface{ RetryAfter() time.Duration }
	if apperr.Is(err, apperr.RateLimited) {
		if errors.As(err, &ra) && ra.RetryAfter() > 0 {
			return ra.RetryAfter(), true
		}
		return time.Minute, true
	}
	return 0, false
}
