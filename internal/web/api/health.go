package api

import "net/http"

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
