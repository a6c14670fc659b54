package sqlstore_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"dancu/internal/audit"
	"dancu/internal/blobstore"
	"dancu/internal/credential"
	"dancu/internal/credential/jose"
	"dancu/internal/issuance"
)

// clashingStore is the credential store, where another issue commits a
// credential with the same status index just before this one inserts,
// as a concurrent issue on another connection does.
type clashingStore struct {
	credential.Store
	plant   func(ctx context.Context, c credential.Credential)
	inserts int
}

func (s *clashingStore) InsertCredential(ctx context.Context, c credential.Credential) error {
	s.inserts++
	if s.inserts == 1 {
		s.plant(ctx, c)
	}
	return s.Store.InsertCredential(ctx, c)
}

// TestCredentialIssueRetriesAStatusIndexClash: an issue whose status index
// a concurrent issue took first (the store's unique key) runs again with a
// new index instead of failing; the failed attempt leaves nothing behind.
func TestCredentialIssueRetriesAStatusIndexClash(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		f := credentialServices(t, e)
		an := person(t, e, 21, "18073", "2000-03-01")
		other := person(t, e, 22, "18073", "1999-05-05")
		f.levels[an.ID] = true
		f.handOver(t, an, issuance.FirstIssuance, "", "2026-01-09")
		blobs, err := blobstore.New(t.TempDir(), make([]byte, blobstore.KeySize))
		if err != nil {
			t.Fatal(err)
		}
		cfg := credentialIssuer(t)
		var taken int
		store := &clashingStore{Store: e.db.Credentials()}
		store.plant = func(ctx context.Context, c credential.Credential) {
			// Committed on its own connection on PostgreSQL; SQLite has one
			// writer, so there it joins this transaction, which ends the same.
			if e.db.Engine() == "postgres" {
				ctx = context.Background()
			}
			taken = c.StatusIndex
			err := e.db.Credentials().InsertCredential(ctx, credential.Credential{ID: uuid.NewString(), CitizenID: other.ID, IDNumber: other.IDNumber,
				StatusIndex: c.StatusIndex, IssuedAt: c.IssuedAt, ExpiresAt: c.ExpiresAt, State: credential.Superseded, SDJWT: "planted"})
			if err != nil {
				t.Fatalf("plant: %v", err)
			}
		}
		svc := credential.NewService(credential.Config{Store: store, Tx: e.db, Audit: e.db.AuditLog(), Citizens: e.db.Citizens(),
			Cards: e.db.Issuance(), Keys: cfg.Keys, Blobs: blobs, Units: e.db.Units(), Issuer: testIssuer, Now: e.db.Now, Eligibility: f.levels})
		before, _ := e.db.Credentials().CurrentCredential(ctx, an.ID)
		issuedBefore := issueEntries(t, e, an.ID)
		jwk, _ := jose.PublicJWK(&newWalletKey(t).PublicKey) // a wallet's key: the custodial one is in the fixture's blob store
		got, err := svc.Issue(ctx, citizenActor, an.ID, &jwk)
		if err != nil {
			t.Fatalf("an issue that clashed once: %v", err)
		}
		if store.inserts != 2 || got.StatusIndex == taken {
			t.Fatalf("%d inserts, index %d (the clashing one %d): want a second try with another index", store.inserts, got.StatusIndex, taken)
		}
		if cur, _ := e.db.Credentials().CurrentCredential(ctx, an.ID); cur.ID != got.ID || cur.ID == before.ID {
			t.Errorf("current credential %s, want the retried issue's %s", cur.ID, got.ID)
		}
		if n := issueEntries(t, e, an.ID); n != issuedBefore+1 {
			t.Errorf("%d credential.issue audit entries after the retried issue, want %d", n, issuedBefore+1)
		}
	})
}

func issueEntries(t *testing.T, e engine, citizenID string) int {
	t.Helper()
	recs, err := e.db.AuditLog().AuditEntries(ctx, audit.Filter{CitizenID: citizenID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Entry.Action == "credential.issue" {
			n++
		}
	}
	return n
}
