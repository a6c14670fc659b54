package wire

import (
	"context"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/idp"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
)

// OIDCConfig is what the OpenID Connect provider needs beyond the database.
// Without Keys there is no provider (Services.OIDC is nil).
type OIDCConfig struct {
	Keys *idp.KeyRing
	// Accounts are citizens' VNeID accounts; nil takes the eid service's
	// (wire.New), and OIDC alone, without it, refuses every login.
	Accounts idp.Accounts
	// Passkeys log citizens in with a passkey; nil takes the eid
	// service's (wire.New).
	Passkeys idp.Passkeys
	// Audit records token issuance; nil records each entry in its own
	// transaction (serve passes the batching audit writer).
	Audit audit.Recorder
	Now   func() time.Time
}

// OIDC is the provider's service over db.
func OIDC(db *sqlstore.DB, cat *units.Catalog, cfg OIDCConfig) *idp.Service {
	if cfg.Keys == nil {
		return nil
	}
	if cfg.Accounts == nil {
		cfg.Accounts = noAccounts{}
	}
	if cfg.Audit == nil {
		cfg.Audit = TxRecorder{DB: db}
	}
	if cfg.Now == nil {
		cfg.Now = db.Now
	}
	return idp.NewService(idp.Config{Store: db.OIDC(), Tx: db, Keys: cfg.Keys, Accounts: cfg.Accounts, Passkeys: cfg.Passkeys, Citizens: db.Citizens(),
		Audit: cfg.Audit, UnitName: currentUnitName(cat), Now: cfg.Now})
}

// currentUnitName names a unit of the current list by code.
func currentUnitName(cat *units.Catalog) idp.UnitName {
	return func(code string) string {
		if u, ok := cat.Lookup(units.List2025July, code); ok {
			return u.FullName
		}
		return ""
	}
}

// TxRecorder records each audit entry in its own transaction: for
// commands and tests that run without the batching writer.
type TxRecorder struct{ DB *sqlstore.DB }

// Record implements audit.Recorder.
func (r TxRecorder) Record(ctx context.Context, e audit.Entry) error {
	return r.DB.InTx(ctx, func(ctx context.Context) error { return audit.AppendWithin(ctx, r.DB.AuditLog(), e) })
}

// noAccounts stands in until citizens' accounts are configured.
type noAccounts struct{}

func (noAccounts) Authenticate(context.Context, string, string) (idp.Principal, error) {
	return idp.Principal{}, apperr.New(apperr.Unauthenticated, "citizen accounts are not available on this server")
}

func (noAccounts) Usable(context.Context, string) error { return idp.ErrAccountUnusable }
