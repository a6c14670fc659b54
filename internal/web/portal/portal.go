// Package portal is the citizen portal, mounted at /portal/: server-rendered
// pages (html/template, a strict Content-Security-Policy: no inline script, and script only where WebAuthn needs it, from its own static file),
// Vietnamese with English, laid out for a phone first. A citizen logs in
// with their VNeID account through dancu's own OpenID Connect provider (the
// portal is one of its relying parties) and sees their own record,
// household, residence, cards and card applications, who accessed their
// data, and their dossiers; they request corrections and file residence
// dossiers online. Every use case is a domain service's (selfservice,
// procedure), called with the logged-in citizen as its actor.
package portal

import (
	"errors"
	"log/slog"
	"net/http"

	"dancu/internal/eid"
	"dancu/internal/procedure"
	"dancu/internal/selfservice"
	"dancu/internal/units"
)

// Prefix is where the portal is mounted.
const Prefix = "/portal"

// Config names every service the portal uses; internal/cli builds them
// once (internal/wire).
type Config struct {
	Self       *selfservice.Service // the citizen's own data (required)
	Procedures *procedure.Service   // dossiers: corrections, residence (required)
	Units      *units.Catalog       // names of units (required)
	// Sessions keeps logged-in citizens; default an in-memory store with
	// the default timeouts.
	Sessions *Sessions
	// Login is the VNeID login (the OpenID Connect code flow); nil shows
	// the login page with the login unavailable.
	Login Login
	// Passkeys are the VNeID accounts' passkeys, which a citizen
	// registers and removes on the portal; nil shows them unavailable.
	Passkeys *eid.Service
	Logger   *slog.Logger // default slog.Default()
}

// server holds what page handlers share; built once by New.
type server struct {
	self     *selfservice.Service
	proc     *procedure.Service
	units    *units.Catalog
	sessions *Sessions
	login    Login
	passkeys *eid.Service
	log      *slog.Logger
	pages    *pages
	assets   *assets
	mux      *http.ServeMux
}

// New builds the portal's handler, to be mounted at Prefix+"/". Templates
// and assets are parsed and checked here.
func New(cfg Config) (http.Handler, error) {
	if cfg.Self == nil || cfg.Procedures == nil || cfg.Units == nil {
		return nil, errors.New("portal: Self, Procedures and Units are required")
	}
	s := &server{self: cfg.Self, proc: cfg.Procedures, units: cfg.Units, sessions: cfg.Sessions, login: cfg.Login,
		passkeys: cfg.Passkeys, log: cfg.Logger}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.sessions == nil {
		s.sessions = NewSessions(SessionConfig{})
	}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(s); err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.routes()
	return s.secure(s.mux), nil
}
