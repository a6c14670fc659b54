package credential

import (
	"context"
	"crypto/x509"
	"time"

	"dancu/internal/audit"
	"dancu/internal/issuance"
	"dancu/internal/pki"
	"dancu/internal/registry"
)

// Store keeps credentials, their status indexes and presentation links.
// Methods called with a context from Tx.InTx join its transaction.
type Store interface {
	// StatusUsage counts the status indexes given and the highest one.
	StatusUsage(ctx context.Context) (StatusUsage, error)
	// StatusIndexTaken reports whether a credential holds the index.
	StatusIndexTaken(ctx context.Context, idx int) (bool, error)
	// InsertCredential fails with an error wrapping ErrCredentialClash
	// when a unique key (the status index, the citizen's one active
	// credential) is taken, as by a concurrent issue.
	InsertCredential(ctx context.Context, c Credential) error
	// CurrentCredential is the citizen's active credential (NotFound if none).
	CurrentCredential(ctx context.Context, citizenID string) (Credential, error)
	CredentialByStatusIndex(ctx context.Context, idx int) (Credential, error)
	// EndCredential moves an active credential to state (Superseded, Revoked).
	EndCredential(ctx context.Context, id string, state State, at time.Time, reason string) error
	// StatusEntries lists the indexes that are not valid, and the usage.
	StatusEntries(ctx context.Context) (entries []StatusEntry, usage StatusUsage, err error)
	InsertPresentation(ctx context.Context, p Presentation) error
	// PresentationByHash reads a link by its token hash (NotFound if none).
	PresentationByHash(ctx context.Context, tokenHash string) (Presentation, error)
}

// Tx runs a use case in one transaction (sqlstore.DB.InTx).
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Citizens reads the register.
type Citizens interface {
	Citizen(ctx context.Context, id string) (registry.Citizen, error)
}

// Cards lists the cards bearing a number, newest first.
type Cards interface {
	CardsByNumber(ctx context.Context, number string) ([]issuance.Card, error)
}

// Photos gives the portrait printed on the card of number (JPEG); nil
// when the card has none (a child under 6).
type Photos interface {
	Photo(ctx context.Context, number string) ([]byte, error)
}

// Eligibility says whether a citizen holds a level-2 VNeID account, the
// only accounts that carry the căn cước điện tử (eid.Service satisfies it).
type Eligibility interface {
	Level2Account(ctx context.Context, citizenID string) (accountID string, ok bool, err error)
}

// Keys is the credential issuer key under the national PKI.
type Keys interface {
	// Signing is the key that signs now.
	Signing(now time.Time) (pki.DocumentSigner, error)
	// Published lists every issuer certificate verifiers must trust,
	// oldest first, and the CSCA that certifies them.
	Published() (certs []*x509.Certificate, csca *x509.Certificate, err error)
}

// BlobStore seals custodial holder keys (blobstore.FS, encrypted).
type BlobStore interface {
	Put(ctx context.Context, data []byte) (string, error)
	Get(ctx context.Context, ref string) ([]byte, error)
}

// AuditStore chains audit entries in the caller's transaction.
type AuditStore = audit.Store
