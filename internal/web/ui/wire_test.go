package ui_test

import (
	"os"
	"time"

	"dancu/internal/idp"
	"dancu/internal/sqlstore"
	"dancu/internal/web/ui"
	"dancu/internal/wire"
)

// withServices fills cfg's services from db as the program wires them
// (internal/wire), keeping what the test set itself.
func withServices(db *sqlstore.DB, cfg ui.Config) ui.Config {
	dir, err := os.MkdirTemp("", "dancu-ui-oidc-")
	if err != nil {
		panic(err)
	}
	ring, err := idp.OpenKeyRing(dir, time.Now())
	if err != nil {
		panic(err)
	}
	svc := wire.New(db, wire.Config{Logger: cfg.Logger, Blobs: cfg.Blobs, Auth: cfg.Auth, OIDC: wire.OIDCConfig{Keys: ring}})
	cfg.Register, cfg.Auth, cfg.Issuance, cfg.Share, cfg.OIDC = svc.Register, svc.Auth, svc.Issuance, svc.Share, svc.OIDC
	cfg.Quality, cfg.Chips, cfg.Review = db.Quality(), db.Issuance(), svc.Review
	cfg.Procedures, cfg.Residence = svc.Procedures, svc.Residence
	cfg.EID = svc.EID
	return cfg
}
