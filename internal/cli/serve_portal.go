package cli

import (
	"fmt"
	"net/http"

	"dancu/internal/audit"
	"dancu/internal/web/portal"
	"dancu/internal/wire"
)

// citizenPortal is the citizen portal, served at /portal/ beside the
// officer application; its reads are audited through auditor.
func (a *app) citizenPortal(svc *wire.Services, auditor audit.Recorder) (http.Handler, error) {
	h, err := portal.New(portal.Config{Self: wire.SelfService(svc.DB, auditor), Procedures: svc.Procedures,
		Units: svc.Units, Logger: a.log, Now: svc.Auth.Now})
	if err != nil {
		return nil, fmt.Errorf("citizen portal: %w", err)
	}
	return h, nil
}
