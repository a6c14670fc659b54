package sqlstore

import (
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/citizenauth"
	"dancu/internal/eid"
	"dancu/internal/issuance"
	"dancu/internal/merge"
	"dancu/internal/procedure"
	"dancu/internal/production"
	"dancu/internal/quality"
	"dancu/internal/registry"
	"dancu/internal/share"
)

// Storage is cut by capability. Each type below is one domain's storage
// adapter and implements that domain's small interfaces; all of them share
// one database handle (DB), its prepared statements and its transaction
// seam (InTx). DB itself only opens, migrates and closes the database and
// hands out the capabilities, so no type absorbs every domain's storage.
type (
	// Citizens stores the register: reads, search, history, imports,
	// number allocation, and the versions a change writes.
	Citizens struct{ *DB }
	// Issuance stores stations, appointments, applications, cards,
	// quotas and the produced chips.
	Issuance struct{ *DB }
	// Quality stores data-quality findings and their metrics.
	Quality struct{ *DB }
	// Review stores the duplicate review queue, merges and their undo.
	Review struct{ *DB }
	// Sharing stores partner agencies, their keys, tokens, subscriptions
	// and the change-event outbox.
	Sharing struct{ *DB }
	// AuditLog stores the hash-chained audit log and citizen tokens.
	AuditLog struct{ *DB }
	// Users stores officers' accounts and sessions.
	Users struct{ *DB }
	// Bench holds the queries `dancu bench` measures and samples with.
	Bench struct{ *DB }
	// Procedures stores administrative procedures' dossiers and steps.
	Procedures struct{ *DB }
	// OIDC stores the OpenID Connect provider's relying parties, consents
	// and tokens (oidc.go).
	OIDC struct{ *DB }
	// EID stores citizens' VNeID accounts, codes, devices and passkeys.
	EID struct{ *DB }
)

// caps are the capability views of one DB, made once by Open.
type caps struct {
	citizens *Citizens
	issuance *Issuance
	quality  *Quality
	review   *Review
	sharing  *Sharing
	auditLog *AuditLog
	users    *Users
	bench    *Bench
	procs    *Procedures
	oidc     *OIDC
	eid      *EID
}

func (d *DB) initCaps() {
	d.caps = caps{citizens: &Citizens{d}, issuance: &Issuance{d}, quality: &Quality{d}, review: &Review{d},
		sharing: &Sharing{d}, auditLog: &AuditLog{d}, users: &Users{d}, bench: &Bench{d}}
	d.caps.procs = &Procedures{d}
	d.caps.oidc = &OIDC{d}
	d.caps.eid = &EID{d}
}

// Citizens is the register's storage.
func (d *DB) Citizens() *Citizens { return d.caps.citizens }

// Issuance is card issuance's storage.
func (d *DB) Issuance() *Issuance { return d.caps.issuance }

// Quality is the data-quality findings' storage.
func (d *DB) Quality() *Quality { return d.caps.quality }

// Review is the duplicate review queue's storage.
func (d *DB) Review() *Review { return d.caps.review }

// Sharing is partner agencies' storage.
func (d *DB) Sharing() *Sharing { return d.caps.sharing }

// AuditLog is the audit log's storage.
func (d *DB) AuditLog() *AuditLog { return d.caps.auditLog }

// Users is officers' accounts' storage.
func (d *DB) Users() *Users { return d.caps.users }

// Bench is the benchmarks' storage.
func (d *DB) Bench() *Bench { return d.caps.bench }

// Procedures is the administrative procedures' storage.
func (d *DB) Procedures() *Procedures { return d.caps.procs }

// EID is the VNeID accounts' storage.
func (d *DB) EID() *EID { return d.caps.eid }

// What each capability implements, checked at compile time.
var (
	_ registry.Store       = (*Citizens)(nil)
	_ registry.Writer      = (*Citizens)(nil)
	_ registry.Transactor  = (*DB)(nil)
	_ issuance.Store       = (*Issuance)(nil)
	_ production.ChipStore = (*Issuance)(nil)
	_ quality.Store        = (*Quality)(nil)
	_ quality.ChangeStore  = (*Quality)(nil)
	_ merge.Store          = (*Review)(nil)
	_ share.Store          = (*Sharing)(nil)
	_ share.Outbox         = (*Sharing)(nil)
	_ audit.Store          = (*AuditLog)(nil)
	_ audit.Reader         = (*AuditLog)(nil)
	_ citizenauth.Store    = (*AuditLog)(nil)
	_ auth.Store           = (*Users)(nil)
	_ procedure.Store      = (*Procedures)(nil)
	_ eid.Store            = (*EID)(nil)
)
