package ui_test

import (
	"dancu/internal/sqlstore"
	"dancu/internal/web/ui"
	"dancu/internal/wire"
)

// withServices fills cfg's services from db as the program wires them
// (internal/wire), keeping what the test set itself.
func withServices(db *sqlstore.DB, cfg ui.Config) ui.Config {
	svc := wire.New(db, wire.Config{Logger: cfg.Logger, Blobs: cfg.Blobs, Auth: cfg.Auth})
	cfg.Register, cfg.Auth, cfg.Issuance, cfg.Share = svc.Register, svc.Auth, svc.Issuance, svc.Share
	cfg.Quality, cfg.Chips, cfg.Review = db.Quality(), db.Issuance(), svc.Review
	return cfg
}
