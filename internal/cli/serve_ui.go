package cli

import (
	"fmt"
	"net/http"

	"dancu/internal/audit"
	"dancu/internal/web/portal"
	"dancu/internal/web/ui"
	"dancu/internal/wire"
)

// withUI puts the officer web application beside the JSON API: the API
// keeps /api/, /healthz, /metrics and /openapi.json, the UI serves the rest.
func (a *app) withUI(svc *wire.Services, auditor audit.Recorder, apiHandler http.Handler) (http.Handler, error) {
	db := svc.DB
	web, err := ui.New(ui.Config{Register: svc.Register, Auth: svc.Auth, Issuance: svc.Issuance, Quality: db.Quality(),
		Review: svc.Review, Share: svc.Share, OIDC: svc.OIDC, EID: svc.EID, Chips: db.Issuance(), Units: svc.Units, Auditor: auditor, Logger: a.log, Blobs: svc.Blobs,
		Procedures: svc.Procedures, Residence: svc.Residence, NoWarmUp: a.noWarmUp})
	if err != nil {
		return nil, fmt.Errorf("officer web application: %w", err)
	}
	mux := http.NewServeMux()
	for _, p := range []string{"/api/", "/healthz", "/metrics", "/openapi.json"} {
		mux.Handle(p, apiHandler)
	}
	citizens, err := a.citizenPortal(svc, auditor)
	if err != nil {
		return nil, err
	}
	mux.Handle(portal.Prefix+"/", citizens)
	mux.Handle("/", web)
	mountCredentials(mux, apiHandler)
	if err := a.mountOIDC(mux, svc); err != nil {
		return nil, err
	}
	return mux, nil
}
