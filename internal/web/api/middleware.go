package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"

	"dancu/internal/auth"
)

// maxBody bounds a request body unless its route sets another limit.
const maxBody = 1 << 20

// call is the per-request state the middleware and handlers share. It
// travels inside the ResponseWriter rather than the context, which would
// cost a request copy per value.
type call struct {
	id     string
	route  string // set by wrap; "" when the mux found no route
	user   auth.User
	token  string
	authed bool
}

// responseWriter records the status and carries the call. Until a route
// claims the request, an error written by the mux itself (404, 405 in
// plain text) is held back and replaced by problem details.
type responseWriter struct {
	http.ResponseWriter
	call
	status   int
	held     bool
	unrouted bool
}

func (w *responseWriter) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	w.status = code
	if w.call.route == "" && !w.unrouted && code >= 400 {
		w.held = true
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.held {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// callOf returns the call carried by w.
func callOf(w http.ResponseWriter) *call {
	if rw, ok := w.(*responseWriter); ok {
		return &rw.call
	}
	return &call{id: newRequestID()}
}

// ServeHTTP is the outer middleware: request id, panic recovery, then
// metrics and one log line per request. Each route caps its body (wrap).
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &responseWriter{ResponseWriter: w}
	// The header's canonical key, spelt as net/http stores it: Get and Set
	// with "X-Request-ID" made a canonical copy of the key on every request.
	rw.call.id = requestID(r.Header.Get("X-Request-Id"))
	w.Header()["X-Request-Id"] = []string{rw.call.id}
	s.serve(rw, r)
	if rw.held {
		// The mux answered by itself: no such route or method.
		status := rw.status
		rw.held, rw.status, rw.unrouted = false, 0, true
		s.problem(rw, &rw.call, muxError(status, rw.Header()))
	}
	route := rw.call.route
	if route == "" {
		route = "unmatched"
	}
	s.finish(r, rw, route, time.Since(start))
}

// serve runs the mux, turning a panic into a 500 so one bad request
// cannot take the process down.
func (s *server) serve(rw *responseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.ErrorContext(r.Context(), "panic in handler", "request_id", rw.call.id, "route", rw.call.route, "panic", v)
			if rw.status == 0 {
				s.problem(rw, &rw.call, errPanic)
			}
		}
	}()
	s.mux.ServeHTTP(rw, r)
}

// finish records metrics and writes the request log line: method, route
// pattern, status, duration, request id, user id. Never the path, query,
// body or headers, which can carry names, ID numbers and tokens.
func (s *server) finish(r *http.Request, rw *responseWriter, route string, d time.Duration) {
	status := rw.status
	if status == 0 {
		status = http.StatusOK
	}
	s.metrics.observe(route, status, d)
	level := slog.LevelInfo
	if route == "GET /healthz" || route == "GET /readyz" || route == "GET /metrics" {
		level = slog.LevelDebug // probes and scrapes would drown the log
	}
	if !s.log.Enabled(r.Context(), level) {
		return
	}
	s.log.LogAttrs(r.Context(), level, "http request",
		slog.String("method", r.Method), slog.String("route", route), slog.Int("status", status),
		slog.Duration("duration", d), slog.String("request_id", rw.call.id), slog.String("user_id", rw.call.user.ID))
}

// requestID keeps a sane incoming id (1–64 of [A-Za-z0-9._-]) so a trace
// can cross services, and makes one otherwise.
func requestID(in string) string {
	if len(in) == 0 || len(in) > 64 {
		return newRequestID()
	}
	for i := 0; i < len(in); i++ {
		c := in[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return newRequestID()
		}
	}
	return in
}

func newRequestID() string {
	var b [12]byte
	rand.Read(b[:]) // never fails (crypto/rand panics instead)
	return hex.EncodeToString(b[:])
}
