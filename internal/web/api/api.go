// Package api is the JSON REST interface: officers log in, read and search
// citizens within their jurisdiction, and correct records. Errors are RFC
// 9457 problem details mapped from apperr codes in one table (problem.go);
// every response carries a request id; the route table (routes.go) is the
// single list that the mux, the metrics and the OpenAPI test share.
package api

import (
	"context"
	"crypto/x509"
	"dancu/internal/civilstatus"
	"dancu/internal/credential"
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/citizenauth"
	"dancu/internal/eid"
	"dancu/internal/idp"
	"dancu/internal/issuance"
	"dancu/internal/merge"
	"dancu/internal/procedure"
	"dancu/internal/quality"
	"dancu/internal/registry"
	"dancu/internal/residence"
	"dancu/internal/selfservice"
	"dancu/internal/share"
	"dancu/internal/units"
)

// Config names every service the API uses; internal/app builds them once.
// A nil optional service disables its routes with a clear error, decided
// here at construction, never by probing a store at request time.
type Config struct {
	// Register reads, searches and corrects citizens (required).
	Register *registry.Service
	Auth     *auth.Service     // officers' sessions and accounts (required)
	Issuance *issuance.Service // stations, appointments, applications, cards
	Quality  quality.Store     // findings and metrics
	// AuditLog is the audit log's query side (auditors, citizen tracker).
	AuditLog      audit.Reader
	CitizenTokens citizenauth.Store // the citizen data tracker's tokens
	Units         *units.Catalog    // default: the catalog of Auth
	Logger        *slog.Logger      // default slog.Default()
	// Metrics receives the HTTP metrics; nil means a fresh registry. It is
	// also served on /metrics when it is a prometheus.Gatherer (a
	// *prometheus.Registry is); otherwise the default gatherer is served.
	Metrics prometheus.Registerer
	Version string
	// Auditor records each disclosure of personal data before the response
	// is sent; nil records nothing (tests only).
	Auditor audit.Recorder
	// Share serves partner agencies (OAuth2 token endpoint, verification,
	// change events); nil disables those routes.
	Share *share.Service
	// TrustProxy takes the client address for login rate limiting from the
	// last X-Forwarded-For entry, for a server behind one reverse proxy.
	TrustProxy bool
	// Blobs keeps intake captures, encrypted; nil refuses capture uploads.
	Blobs issuance.BlobStore
	// CSCA is the trust anchor of the chip verifier; nil refuses it.
	CSCA *x509.Certificate
	// Review is the duplicate review queue and merges; nil answers the
	// review routes with an error.
	Review *merge.Service
	// CivilStatus applies the civil-status events agencies post; nil
	// answers that route with an error.
	CivilStatus *civilstatus.EventService
	// Procedures is the procedures' engine and Residence the residence
	// reads; nil answers the dossier routes with an error.
	Procedures *procedure.Service
	Residence  *residence.Service
	// Credentials is the căn cước điện tử (issuer metadata, status list,
	// verifier, presentation links); nil answers those routes with 404.
	Credentials *credential.Service
	// EID is citizens' VNeID accounts; nil answers those routes with 404.
	EID *eid.Service
	// OIDC checks the provider's access tokens the citizen's wallet brings
	// to the wallet route, and DPoP their proofs; nil answers it with 404.
	OIDC *idp.Service
	DPoP DPoPProofs
	// Self is the citizen's own side (the data tracker); nil answers
	// GET /me/accesses with 404.
	Self *selfservice.Service
	// Ready tells /readyz whether the database takes writes (the store);
	// nil answers ready.
	Ready Readiness
}

// Readiness reports whether the primary database takes writes.
type Readiness interface {
	Ready(ctx context.Context) error
}

// ReadyFunc adapts a function to Readiness.
type ReadyFunc func(ctx context.Context) error

// Ready implements Readiness.
func (f ReadyFunc) Ready(ctx context.Context) error { return f(ctx) }

// server holds what handlers share; it is built once by New.
type server struct {
	citizens   *registry.Service
	reg        registry.Store // the register's read side
	issue      *issuance.Service
	quality    quality.Store
	auditLog   audit.Reader
	ctokens    citizenauth.Store
	auth       *auth.Service
	units      *units.Catalog
	log        *slog.Logger
	audit      audit.Recorder
	metrics    *metrics
	openapi    []byte
	mux        *http.ServeMux
	trustProxy bool
	share      *share.Service
	batches    *batchJobs
	blobs      issuance.BlobStore
	csca       *x509.Certificate
	review     *merge.Service
	civil      *civilstatus.EventService
	proc       *procedure.Service
	residence  *residence.Service
	creds      *credential.Service
	eid        *eid.Service
	oidc       *idp.Service
	dpop       DPoPProofs
	self       *selfservice.Service
	ready      Readiness
}

// New builds the HTTP handler. It panics on a programming error (a route
// table the mux rejects, a malformed embedded OpenAPI document), which
// start-up surfaces at once.
func New(cfg Config) http.Handler {
	s := &server{citizens: cfg.Register, reg: cfg.Register.Store(), issue: cfg.Issuance, quality: cfg.Quality,
		review: cfg.Review, auditLog: cfg.AuditLog, ctokens: cfg.CitizenTokens, auth: cfg.Auth, units: cfg.Units, log: cfg.Logger,
		audit: cfg.Auditor, trustProxy: cfg.TrustProxy, share: cfg.Share, batches: newBatchJobs(),
		blobs: cfg.Blobs, csca: cfg.CSCA, civil: cfg.CivilStatus, proc: cfg.Procedures, residence: cfg.Residence, creds: cfg.Credentials, eid: cfg.EID,
		oidc: cfg.OIDC, dpop: cfg.DPoP, self: cfg.Self, ready: cfg.Ready}
	if s.units == nil {
		s.units = cfg.Auth.Units()
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.audit == nil {
		s.audit = nopAuditor{}
	}
	s.metrics = newMetrics(cfg.Metrics)
	var err error
	if s.openapi, err = openAPIDocument(cfg.Version); err != nil {
		panic(err)
	}
	s.mux = http.NewServeMux()
	s.register(s.mux, s.routes())
	return s
}
