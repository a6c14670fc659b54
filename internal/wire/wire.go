// Package wire is the composition root: it builds every domain service once
// over one database, each given the narrow stores it needs. The command
// line (internal/cli) and tests build the program through it; the HTTP
// layers receive the services by name (api.Config, ui.Config) and never
// discover a capability at run time.
package wire

import (
	"log/slog"
	"time"

	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/card"
	"dancu/internal/civilstatus"
	"dancu/internal/credential"
	"dancu/internal/dedupe"
	"dancu/internal/eid"
	"dancu/internal/idp"
	"dancu/internal/issuance"
	"dancu/internal/merge"
	"dancu/internal/procedure"
	"dancu/internal/procedure/correction"
	"dancu/internal/quality"
	"dancu/internal/registry"
	"dancu/internal/residence"
	"dancu/internal/selfservice"
	"dancu/internal/share"
	"dancu/internal/spill"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
)

// Config is what the services need beyond the database.
type Config struct {
	Logger *slog.Logger       // default slog.Default()
	Blobs  issuance.BlobStore // encrypted captures; nil refuses uploads
	// Auth replaces the officers' service built over db (tests give one
	// with cheap password hashing or their own clock).
	Auth *auth.Service
	// Webhooks says which private networks agencies' webhooks may reach
	// (the operator's allow-list); public https targets only by default.
	Webhooks share.TargetPolicy
	// Calendar is the working-day calendar of procedures' deadlines
	// (default: the built-in Vietnamese one; `--holidays FILE` extends it).
	Calendar *card.Calendar
	// OIDC configures the OpenID Connect provider (oidc.go).
	OIDC OIDCConfig
	// Credentials configures the căn cước điện tử (issuer key and URL).
	Credentials CredentialConfig
	// EID configures citizens' VNeID accounts.
	EID EIDConfig
	// Watch counts failed and refused logins of officers, citizens and
	// agencies (internal/opsmetrics); nil counts nothing.
	Watch auth.LoginWatch
}

// Services are the domain services of one deployment.
type Services struct {
	DB       *sqlstore.DB
	Units    *units.Catalog
	Auth     *auth.Service
	Register *registry.Service
	Issuance *issuance.Service
	Share    *share.Service
	Review   *merge.Service
	Blobs    issuance.BlobStore
	// Procedures is the administrative procedures' engine (residence,
	// civil status, ID numbers).
	Procedures *procedure.Service
	// OIDC is the OpenID Connect provider ("log in with VNeID"); nil
	// without its keys.
	OIDC *idp.Service
	// CivilStatus applies the civil-status events agencies post, once
	// per event id.
	CivilStatus *civilstatus.EventService
	// Credentials is the căn cước điện tử (SD-JWT VC): re-issued by the
	// register's and issuance's hooks, revoked by the accounts' hook.
	Credentials *credential.Service
	// Residence reads residence histories and the absentees' worklist.
	Residence *residence.Service
	// EID is citizens' VNeID accounts (internal/eid).
	EID *eid.Service
}

// New builds the services over db.
func New(db *sqlstore.DB, cfg Config) *Services {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cat := db.Units()
	s := &Services{DB: db, Units: cat, Blobs: cfg.Blobs}
	s.Auth = cfg.Auth
	if s.Auth == nil {
		s.Auth = auth.NewService(auth.Config{Store: db.Users(), Failures: db.LoginFailures(), Units: cat, Logger: cfg.Logger, Now: db.Now, Watch: cfg.Watch})
	}
	if cfg.EID.Watch == nil {
		cfg.EID.Watch = cfg.Watch
	}
	s.EID = EID(db, cfg.Blobs, cfg.Logger, cfg.EID)
	s.Credentials = Credentials(db, cfg)
	s.Credentials.SetEligibility(s.EID)
	s.EID.AddHook(s.Credentials)
	s.EID.AddLevel2Hook(s.Credentials)
	s.Register = Register(db, s.Credentials, eid.RegistryHook{Service: s.EID})
	// The account is issued with the card first, so the credential's hook
	// finds it.
	s.Issuance = issuance.NewService(issuance.Config{Store: db.Issuance(), Citizens: db.Citizens(), Units: cat, Blobs: cfg.Blobs, Now: s.Auth.Now,
		CardHooks: []issuance.CardHook{eid.HandOverHook{Service: s.EID}, s.Credentials}})
	s.Share = share.NewService(share.Config{Store: db.Sharing(), Now: db.Now, Targets: cfg.Webhooks, Watch: cfg.Watch, Buckets: db.RateBuckets()})
	s.Review = merge.NewService(db.Review(), db.Citizens(), cat, Merger(db, s.Register))
	s.Procedures = Procedures(db, s.Register, cfg.Blobs, cfg.Calendar, s.Auth.Now)
	if cfg.OIDC.Accounts == nil {
		cfg.OIDC.Accounts = OIDCAccounts{EID: s.EID}
	}
	if cfg.OIDC.Passkeys == nil && s.EID.PasskeysEnabled() {
		cfg.OIDC.Passkeys = OIDCAccounts{EID: s.EID}
	}
	s.OIDC = OIDC(db, cat, cfg.OIDC)
	if s.OIDC != nil {
		// A withdrawn account loses its tokens in the change's transaction.
		s.EID.AddHook(s.OIDC)
	}
	s.CivilStatus = &civilstatus.EventService{Procedures: s.Procedures, Ledger: db.CivilReports(), Tx: db}
	s.Residence = residence.NewService(s.Register, s.Auth.Now)
	return s
}

// ProcedureKinds are the procedures the register handles; each package
// of kinds appends its list here.
func ProcedureKinds() []procedure.Kind {
	var kinds []procedure.Kind
	kinds = append(kinds, correction.Kind)
	kinds = append(kinds, civilstatus.Kinds()...)
	kinds = append(kinds, residence.Kinds()...)
	return kinds
}

// Procedures is the procedures' engine over db, applying approved changes
// through reg (so they carry every change's effects).
func Procedures(db *sqlstore.DB, reg *registry.Service, blobs procedure.BlobStore, cal *card.Calendar, now func() time.Time) *procedure.Service {
	svc, err := procedure.NewService(procedure.Config{Store: db.Procedures(), Tx: db, Register: reg, Audit: db.AuditLog(),
		Units: db.Units(), Calendar: cal, Blobs: blobs, Kinds: ProcedureKinds(), Now: now})
	if err != nil {
		panic(err) // the kinds' codes are static: a duplicate is a programming error
	}
	return svc
}

// Register is the register's service over db, with the effects every
// change carries in its own transaction: quality findings, agencies'
// change events, and the audit entry; extra hooks run after them (the
// căn cước điện tử's re-issue).
// change events, and the audit entry; extra hooks follow (New adds the
// VNeID accounts' revocation on a death or a merge).
func Register(db *sqlstore.DB, extra ...registry.ChangeHook) *registry.Service {
	return registry.NewService(registry.ServiceConfig{
		Store: db.Citizens(), Writer: db.Citizens(), Tx: db, Audit: db.AuditLog(), Units: db.Units(), Now: db.Now,
		Hooks: append([]registry.ChangeHook{
			&quality.Refresher{Engine: quality.New(db.Units(), db.Now), Store: db.Quality()},
			share.ChangeEvents{Outbox: db.Sharing(), Citizens: db.Citizens()},
			issuance.CardRevoker{Cards: db.Issuance()},
		}, extra...),
	})
}

// Merger performs merges and their undo over db through the register's
// use case, so a merge carries every change's effects.
func Merger(db *sqlstore.DB, reg *registry.Service) *merge.Executor {
	if reg == nil {
		reg = Register(db)
	}
	return &merge.Executor{Tx: db, Citizens: db.Citizens(), Register: reg, Ledger: db.Review(), Now: db.Now}
}

// Dedupe is duplicate detection over db: it reads the register, files
// pairs in the review queue, and spills a full run's sort to scratchDir
// (the data directory).
func Dedupe(db *sqlstore.DB, scratchDir string, log *slog.Logger) *dedupe.Service {
	return dedupe.NewService(dedupeStore{db.Citizens(), db.Review()}, spill.Dir(scratchDir), log)
}

// dedupeStore is what duplicate detection reads and writes: the register
// and the review queue.
type dedupeStore struct {
	*sqlstore.Citizens
	*sqlstore.Review
}

// SelfService is the citizen's own use cases over the services of s (the
// căn cước điện tử, the consents given to relying parties), each
// disclosure recorded through rec (the server's audit writer).
func SelfService(s *Services, rec audit.Recorder) *selfservice.Service {
	db := s.DB
	cfg := selfservice.Config{Citizens: db.Citizens(), Cards: db.Issuance(), Log: db.AuditLog(),
		Audit: rec, Units: db.Units(), Now: db.Now, Credentials: s.Credentials}
	if s.OIDC != nil {
		cfg.Consents = s.OIDC
	}
	return selfservice.New(cfg)
}
