package api

import (
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

// withServices fills cfg's services from db as the program wires them
// (internal/wire), keeping what the test set itself.
func withServices(db *sqlstore.DB, cfg Config) Config {
	return withWired(wire.New(db, wire.Config{Logger: cfg.Logger, Blobs: cfg.Blobs, Auth: cfg.Auth}), cfg)
}

// withWired fills cfg's services from svc.
func withWired(svc *wire.Services, cfg Config) Config {
	db := svc.DB
	cfg.Register, cfg.Auth, cfg.Issuance, cfg.Review = svc.Register, svc.Auth, svc.Issuance, svc.Review
	cfg.Procedures, cfg.Residence = svc.Procedures, svc.Residence
	cfg.Quality, cfg.AuditLog, cfg.CitizenTokens = db.Quality(), db.AuditLog(), db.AuditLog()
	cfg.CivilStatus = svc.CivilStatus
	cfg.EID = svc.EID
	rec := cfg.Auditor
	if rec == nil {
		rec = nopAuditor{}
	}
	cfg.Self = wire.SelfService(svc, rec)
	cfg.Ready = db
	return cfg
}
