package cli

import (
	"fmt"
	"net/http"

	"dancu/internal/auth"
	"dancu/internal/merge"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
	"dancu/internal/web/api"
	"dancu/internal/web/ui"
)

// withUI puts the officer web application beside the JSON API: the API
// keeps /api/, /healthz, /metrics and /openapi.json, the UI serves the rest.
func (a *app) withUI(db *sqlstore.DB, authSvc *auth.Service, auditor api.Auditor, review *merge.Service, apiHandler http.Handler) (http.Handler, error) {
	web, err := ui.New(ui.Config{Registry: db, Auth: authSvc, Units: units.Default(), Auditor: auditor, Logger: a.log,
		Blobs: &lazyBlobs{open: a.openBlobs}, Review: review})
	if err != nil {
		return nil, fmt.Errorf("officer web application: %w", err)
	}
	mux := http.NewServeMux()
	for _, p := range []string{"/api/", "/healthz", "/metrics", "/openapi.json"} {
		mux.Handle(p, apiHandler)
	}
	mux.Handle("/", web)
	return mux, nil
}
