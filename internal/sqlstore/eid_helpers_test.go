package sqlstore_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"dancu/internal/auth"
	"dancu/internal/eid"
	"dancu/internal/issuance"
	"dancu/internal/registry"
	"dancu/internal/synthbio"
	"dancu/internal/wire"
)

// memBlobs is an in-memory blob store for the captures of test cards.
type memBlobs struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (b *memBlobs) Put(_ context.Context, data []byte) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		b.m = map[string][]byte{}
	}
	ref := fmt.Sprintf("blob-%d", len(b.m)+1)
	b.m[ref] = append([]byte(nil), data...)
	return ref, nil
}

func (b *memBlobs) Get(_ context.Context, ref string) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	d, ok := b.m[ref]
	if !ok {
		return nil, errors.New("no blob " + ref)
	}
	return d, nil
}

// sameBytesMatcher is the test ABIS: a probe equal to the reference
// scores 0.99, anything else 0.10, so a test chooses the decision by the
// bytes it sends.
type sameBytesMatcher struct{ calls int }

func (m *sameBytesMatcher) Compare(_ context.Context, c eid.Comparison) (eid.Score, error) {
	m.calls++
	if bytes.Equal(c.Probe, c.Reference) {
		return eid.Score{Value: 0.99, Engine: "test"}, nil
	}
	return eid.Score{Value: 0.10, Engine: "test"}, nil
}

// withdrawals records the hook's calls.
type withdrawals struct{ citizens, granted []string }

func (w *withdrawals) Level2Granted(_ context.Context, citizenID string) error {
	w.granted = append(w.granted, citizenID)
	return nil
}

func (w *withdrawals) AccountWithdrawn(_ context.Context, citizenID string) error {
	w.citizens = append(w.citizens, citizenID)
	return nil
}

// cheapParams keep argon2id fast in tests; the costs are in the hash.
var cheapParams = auth.Params{Memory: 64, Time: 1, Threads: 1}

type eidWorld struct {
	e       engine
	svc     *wire.Services
	outbox  *eid.Outbox
	matcher *sameBytesMatcher
	hooks   *withdrawals
	blobs   *memBlobs
	station issuance.Station
}

func newEIDWorld(t *testing.T, e engine) *eidWorld {
	t.Helper()
	return newEIDWorldConfig(t, e, wire.Config{})
}

// newEIDWorldWith is newEIDWorld with the OpenID Connect provider
// oidc configures (none without keys).
func newEIDWorldWith(t *testing.T, e engine, oidc wire.OIDCConfig) *eidWorld {
	t.Helper()
	return newEIDWorldConfig(t, e, wire.Config{OIDC: oidc})
}

// newEIDWorldIssuing is newEIDWorld with the căn cước điện tử's issuer
// (creds), whose hooks follow the accounts and cards.
func newEIDWorldIssuing(t *testing.T, e engine, creds wire.CredentialConfig) *eidWorld {
	t.Helper()
	return newEIDWorldConfig(t, e, wire.Config{Credentials: creds})
}

// newEIDWorldConfig builds the world over cfg's OIDC and credential
// settings; the blobs and accounts' settings are the world's.
func newEIDWorldConfig(t *testing.T, e engine, cfg wire.Config) *eidWorld {
	t.Helper()
	w := &eidWorld{e: e, outbox: &eid.Outbox{Path: filepath.Join(t.TempDir(), "eid", "outbox.jsonl")},
		matcher: &sameBytesMatcher{}, hooks: &withdrawals{}, blobs: &memBlobs{}}
	e.clock.t = monday0700
	cfg.Blobs = w.blobs
	cfg.EID = wire.EIDConfig{OTP: w.outbox, Matcher: w.matcher, Params: cheapParams,
		FaceCheck: func([]byte) error { return nil }, // the selfie check has its own tests (internal/eid)
		Passkeys:  eid.PasskeyConfig{RPID: "localhost", Origins: []string{"http://localhost:8080"}}}
	w.svc = wire.New(e.db, cfg)
	w.svc.EID.AddHook(w.hooks)
	w.svc.EID.AddLevel2Hook(w.hooks)
	w.station = station(t, w.svc.Issuance, "CA-TS", "18073")
	return w
}

// photoOf and printOf are the card's photo and right index print of the
// citizen numbered n: synthetic captures that pass the intake checks. The
// test matcher matches a probe equal to them.
func photoOf(n int) []byte {
	b, err := synthbio.Photo(uint64(n))
	if err != nil {
		panic(err)
	}
	return b
}

func printOf(n int) []byte {
	b, err := synthbio.FingerprintPNG(uint64(n), synthbio.RightIndex)
	if err != nil {
		panic(err)
	}
	return b
}

// carded creates a citizen of Thành Sen with a card handed over, its
// photo and prints in the blob store.
func (w *eidWorld) carded(t *testing.T, n int, birth, phone string) registry.Citizen {
	t.Helper()
	return w.cardedIn(t, n, "18073", birth, phone)
}

// cardedIn is carded for a citizen of commune (Hà Tĩnh).
func (w *eidWorld) cardedIn(t *testing.T, n int, commune, birth, phone string) registry.Citizen {
	t.Helper()
	c := person(t, w.e, n, commune, birth)
	if phone != "" {
		var err error
		c, err = w.svc.Register.Update(ctx, c.ID, c.Version, func(c *registry.Citizen) error { c.Phone = phone; return nil }, officer)
		if err != nil {
			t.Fatal(err)
		}
	}
	caps := issuance.Captures{}
	caps.Photo, _ = w.blobs.Put(ctx, photoOf(n))
	caps.Signature, _ = w.blobs.Put(ctx, []byte("signature"))
	for i := range caps.Fingerprints {
		caps.Fingerprints[i].Ref, _ = w.blobs.Put(ctx, []byte(fmt.Sprintf("print %d of %s", i, c.ID)))
	}
	caps.Fingerprints[1].Ref, _ = w.blobs.Put(ctx, printOf(n))
	local := xaThanhSen
	if commune != "18073" {
		local = tinhHaTinh
	}
	a, err := w.svc.Issuance.Apply(ctx, local, issuance.NewApplication{CitizenID: c.ID, StationID: w.station.ID,
		Type: issuance.FirstIssuance, Captures: caps})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range happyPath {
		by := step.by
		if by == xaThanhSen {
			by = local
		}
		if a, err = w.svc.Issuance.Transition(ctx, by, fullMove(a.ID, step.to, day("2026-01-05"))); err != nil {
			t.Fatalf("%s: %v", step.to, err)
		}
	}
	return c
}

func (w *eidWorld) code(t *testing.T, accountID, purpose string) string {
	t.Helper()
	code, err := w.outbox.LastCode(accountID, purpose)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

const goodPassword = "mật khẩu đủ dài 2026"

// enrolled self-enrols c (numbered n) at level 1 and activates the account.
func (w *eidWorld) enrolled(t *testing.T, n int, c registry.Citizen, phone string) eid.Account {
	t.Helper()
	acc, err := w.svc.EID.Enrol(ctx, eid.SelfEnrolment{IDNumber: c.IDNumber, FullName: c.FullName, BirthDate: c.BirthDate,
		Phone: phone, Photo: photoOf(n), Password: goodPassword}, citizenTrail())
	if err != nil {
		t.Fatalf("enrol: %v", err)
	}
	if acc, err = w.svc.EID.Activate(ctx, eid.Activation{Identifier: c.IDNumber, Code: w.code(t, acc.ID, eid.PurposeActivate)}); err != nil {
		t.Fatalf("activate: %v", err)
	}
	return acc
}
