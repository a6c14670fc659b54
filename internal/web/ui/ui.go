// Package ui is the officer web application: server-rendered pages from
// embedded html/template files, htmx for partial updates, no inline script
// or style (a strict Content-Security-Policy holds). It calls the same
// domain services as the JSON API (registry, issuance, quality, review)
// and records every disclosure of personal data through the API's Auditor.
package ui

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/eid"
	"dancu/internal/idp"
	"dancu/internal/issuance"
	"dancu/internal/merge"
	"dancu/internal/procedure"
	"dancu/internal/production"
	"dancu/internal/quality"
	"dancu/internal/registry"
	"dancu/internal/residence"
	"dancu/internal/share"
	"dancu/internal/units"
)

// Config names every service the web application uses; internal/app
// builds them once and the API receives the same ones.
type Config struct {
	Register *registry.Service    // citizens: reads, search, corrections (required)
	Auth     *auth.Service        // officers' sessions and accounts (required)
	Issuance *issuance.Service    // intake desk, applications, dashboards (required)
	Quality  quality.Store        // findings and metrics; nil shows none
	Share    *share.Service       // partner agencies (administration)
	OIDC     *idp.Service         // relying parties of the VNeID login (administration); nil hides them
	EID      *eid.Service         // VNeID activation figures on the dashboards; nil hides them
	Chips    production.ChipStore // produced cards, for their faces
	Units    *units.Catalog       // default: the catalog of Auth
	Auditor  audit.Recorder       // nil records nothing (tests only)
	Logger   *slog.Logger         // default slog.Default()
	// Blobs holds the sealed card bundles the card view re-draws the
	// faces from; nil shows no card faces.
	Blobs issuance.BlobStore
	// Review is the duplicate review queue and merges; nil hides it.
	Review *merge.Service
	// Procedures is the procedures' engine (dossier inbox, forms,
	// decisions) and Residence the residence reads; nil hides them.
	Procedures *procedure.Service
	Residence  *residence.Service
	// DashboardTTL is how long computed dashboard figures are reused;
	// counting a province's eligible population scans its citizens.
	// Default one minute.
	DashboardTTL time.Duration
	// NoWarmUp skips computing the national and provincial dashboard
	// figures in the background at start-up (tests that observe a cold
	// dashboard, and benchmark servers, which measure the steady state).
	NoWarmUp bool
}

// server holds what page handlers share; built once by New.
type server struct {
	register *registry.Service
	reg      registry.Store // the register's read side
	issue    *issuance.Service
	quality  quality.Store
	review   *merge.Service
	share    *share.Service
	oidc     *idp.Service
	eid      *eid.Service
	chips    production.ChipStore
	auth     *auth.Service
	units    *units.Catalog
	audit    audit.Recorder
	log      *slog.Logger
	pages    *pages
	assets   *assets
	dash     *figureCache
	blobs    issuance.BlobStore
	mux      *http.ServeMux
	proc     *procedure.Service
	resid    *residence.Service
}

// New builds the UI handler. Templates and assets are parsed and checked
// here; an error is a programming error surfaced at start-up.
func New(cfg Config) (http.Handler, error) {
	if cfg.Register == nil || cfg.Auth == nil || cfg.Issuance == nil {
		return nil, errors.New("ui: Register, Auth and Issuance are required")
	}
	s := &server{register: cfg.Register, reg: cfg.Register.Store(), issue: cfg.Issuance, quality: cfg.Quality,
		review: cfg.Review, share: cfg.Share, oidc: cfg.OIDC, eid: cfg.EID, chips: cfg.Chips, auth: cfg.Auth, units: cfg.Units, audit: cfg.Auditor, log: cfg.Logger, blobs: cfg.Blobs,
		proc: cfg.Procedures, resid: cfg.Residence}
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

func (nopAuditor) Record(context.Context, audit.Entry) error { return nil }
