package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

var healthBody = []byte(`{"status":"ok"}` + "\n")

// healthz answers liveness probes. It touches no database: load tests
// compare every endpoint against it, so it must cost only the HTTP stack.
func (s *server) healthz(w http.ResponseWriter, _ *http.Request, _ *call) error {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.Write(healthBody)
	return nil
}

// readyTimeout bounds the readiness probe's look at the database.
const readyTimeout = 2 * time.Second

// readyz answers readiness probes: ready while the database takes writes
// (on PostgreSQL, the primary is reachable). The reason is the store's
// error class, never a DSN.
func (s *server) readyz(w http.ResponseWriter, r *http.Request, _ *call) error {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	if s.ready == nil {
		w.Write(readyBody)
		return nil
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.ready.Ready(ctx); err != nil {
		s.log.WarnContext(r.Context(), "not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(map[string]string{"status": "unavailable", "reason": "no primary accepts writes"})
		return nil
	}
	w.Write(readyBody)
	return nil
}

var readyBody = []byte(`{"status":"ready"}` + "\n")
