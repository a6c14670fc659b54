// Package ui is the officer web application: server-rendered pages from
// embedded html/template files, htmx for partial updates, no inline script
// or style (a strict Content-Security-Policy holds). It calls the same
// domain services as the JSON API (registry, issuance, quality, review)
// and records every disclosure of personal data through the API's Auditor.
package ui

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"dancu/internal/auth"
	"dancu/internal/issuance"
	"dancu/internal/merge"
	"dancu/internal/registry"
	"dancu/internal/units"
	"dancu/internal/web/api"
)

// Config wires the UI to the rest of the program.
type Config struct {
	Registry registry.Store
	Auth     *auth.Service
	Units    *units.Catalog // default: the catalog of Auth
	Auditor  api.Auditor    // nil records nothing (tests only)
	Logger   *slog.Logger   // default slog.Default()
	// Blobs holds the sealed card bundles the card view re-draws the
	// faces from; nil shows no card faces.
	Blobs issuance.BlobStore
	// Review is the duplicate review queue and merges; nil hides it.
	Review *merge.Service
	// DashboardTTL is how long computed dashboard figures are reused;
	// counting a province's eligible population scans its citizens.
	// Default one minute.
	DashboardTTL time.Duration
	// NoWarmUp skips computing the national and provincial dashboard
	// figures in the background at start-up (tests that observe a cold
	// dashboard).
	NoWarmUp bool
}

// server holds what page handlers share; built once by New.
type server struct {
	reg    registry.Store
	auth   *auth.Service
	units  *units.Catalog
	audit  api.Auditor
	log    *slog.Logger
	pages  *pages
	assets *assets
	dash   *figureCache
	blobs  issuance.BlobStore
	review *merge.Service
	mux    *http.ServeMux
}

// New builds the UI handler. Templates and assets are parsed and checked
// here; an error is a programming error surfaced at start-up.
func New(cfg Config) (http.Handler, error) {
	s := &server{reg: cfg.Registry, auth: cfg.Auth, units: cfg.Units, audit: cfg.Auditor, log: cfg.Logger, blobs: cfg.Blobs, review: cfg.Review}
	if s.units == nil {
		s.units = cfg.Auth.Units()
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.audit == nil {
		s.audit = nopAuditor{}
	}
	ttl := cfg.DashboardTTL
	if ttl <= 0 {
		ttl = time.Minute
	}
	s.dash = newFigureCache(ttl, s.auth.Now)
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(s); err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.routes()
	if !cfg.NoWarmUp {
		go s.warmDashboards(context.Background())
	}
	return s.secure(s.mux), nil
}

type nopAuditor struct{}

func (nopAuditor) Record(context.Context, api.AuditEntry) error { return nil }
