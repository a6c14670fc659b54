package sqlstore_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/blobstore"
	"dancu/internal/credential"
	"dancu/internal/credential/npmcheck"
	"dancu/internal/issuance"
	"dancu/internal/pki"
	"dancu/internal/registry"
	"dancu/internal/selfservice"
	"dancu/internal/testtool"
	"dancu/internal/wire"
)

// levels is a fake VNeID accounts' service: citizen id → level-2 account.
type levels map[string]bool

func (l levels) Level2Account(_ context.Context, id string) (string, bool, error) {
	return "acct-" + id, l[id], nil
}

const testIssuer = "https://dancu.example"

type credFixture struct {
	svc    *wire.Services
	cred   *credential.Service
	levels levels
}

// credentialServices builds the deployment's services with a PKI that
// has a credential issuer key and a blob store for holder keys.
func credentialServices(t *testing.T, e engine) credFixture {
	t.Helper()
	e.clock.t = monday0700
	blobs, err := blobstore.New(t.TempDir(), make([]byte, blobstore.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	svc := wire.New(e.db, wire.Config{Blobs: blobs, Credentials: credentialIssuer(t)})
	f := credFixture{svc: svc, cred: svc.Credentials, levels: levels{}}
	svc.Credentials.SetEligibility(f.levels)
	return f
}

// credentialIssuer is a fresh PKI with a credential issuer key.
func credentialIssuer(t *testing.T) wire.CredentialConfig {
	t.Helper()
	auth, err := pki.Init(pki.DirStore{Dir: t.TempDir()}, []byte("credential test passphrase"), pki.DefaultConfig(),
		pki.KDFParams{Time: 1, Memory: 8 * 1024, Threads: 1}, monday0700.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.RotateCredentialIssuer(monday0700.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	return wire.CredentialConfig{Keys: credential.PKIKeys{Authority: auth}, Issuer: testIssuer}
}

// handOver takes a card for c through the whole workflow to hand-over.
func (f credFixture) handOver(t *testing.T, c registry.Citizen, typ issuance.Type, reason issuance.Reason, issued string) {
	t.Helper()
	st, err := f.svc.Issuance.Stations(ctx, "18073")
	if err != nil || len(st) == 0 {
		st = []issuance.Station{station(t, f.svc.Issuance, "CA-TS", "18073")}
	}
	a := apply(t, f.svc.Issuance, st[0], c, typ, reason)
	for _, step := range happyPath {
		if a, err = f.svc.Issuance.Transition(ctx, step.by, fullMove(a.ID, step.to, day(issued))); err != nil {
			t.Fatalf("→ %s: %v", step.to, err)
		}
	}
}

var citizenActor = credential.Actor{Username: "citizen", Role: "citizen"}

func TestCredentialLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		f := credentialServices(t, e)
		an := person(t, e, 7, "18073", "2000-03-01")
		binh := person(t, e, 8, "18073", "1999-05-05")

		// Level 1 only: refused, with the reason.
		if _, err := f.cred.Issue(ctx, citizenActor, binh.ID, nil); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("level-1 issue: %v, want forbidden", err)
		}
		// Level 2 without a card: refused.
		f.levels[an.ID] = true
		if _, err := f.cred.Issue(ctx, citizenActor, an.ID, nil); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("issue without a card: %v, want conflict", err)
		}
		// The hand-over issues it.
		f.handOver(t, an, issuance.FirstIssuance, "", "2026-01-09")
		held, err := f.cred.ForCitizen(ctx, citizenActor, an.ID)
		if err != nil {
			t.Fatal(err)
		}
		if held.Claims["name"] != an.FullName || held.Claims["personal_identifier"] != an.IDNumber || held.Claims["age_over_18"] != true {
			t.Errorf("claims = %v", held.Claims)
		}
		first := held.Credential

		// A correction of a claim re-issues in the change's transaction.
		if _, err := f.svc.Register.Update(ctx, an.ID, 0, func(c *registry.Citizen) error {
			c.Permanent.Address = "Số 5 đường Hà Huy Tập"
			return nil
		}, officer); err != nil {
			t.Fatal(err)
		}
		second, err := e.db.Credentials().CurrentCredential(ctx, an.ID)
		if err != nil || second.ID == first.ID || second.StatusIndex == first.StatusIndex {
			t.Fatalf("after the correction: %+v, %v; want a new credential", second, err)
		}
		if old, _ := e.db.Credentials().CredentialByStatusIndex(ctx, first.StatusIndex); old.State != credential.Superseded {
			t.Errorf("first credential is %s, want superseded", old.State)
		}
		// A change that no claim shows (a phone number) does not.
		f.svc.Register.Update(ctx, an.ID, 0, func(c *registry.Citizen) error { c.Phone = "0912345678"; return nil }, officer)
		if cur, _ := e.db.Credentials().CurrentCredential(ctx, an.ID); cur.ID != second.ID {
			t.Error("a phone change re-issued the credential")
		}

		pres, err := f.cred.Present(ctx, citizenActor, an.ID, []string{"name", "age_over_18"}, "https://bank.example", "n1")
		if err != nil {
			t.Fatal(err)
		}
		r, err := f.cred.Verify(ctx, credential.Actor{Username: "verifier"}, pres, "https://bank.example", "n1")
		if err != nil || !r.Valid || r.Status != "valid" || !r.KeyBound || len(r.Disclosed) != 2 {
			t.Fatalf("verify = %+v, %v", r, err)
		}
		if _, ok := r.Claims["birthdate"]; ok {
			t.Error("an undisclosed claim is visible")
		}
		if r, _ := f.cred.Verify(ctx, credential.Actor{Username: "verifier"}, first.SDJWT, "", ""); r.Valid || r.Status != "revoked" {
			t.Errorf("the superseded credential verifies as %s", r.Status)
		}

		// Revoking the card revokes the credential through the status list.
		statusBefore, _ := f.cred.StatusListToken(ctx)
		if _, err := f.svc.Issuance.Revoke(ctx, xaThanhSen, an.IDNumber, issuance.RevokedLost); err != nil {
			t.Fatal(err)
		}
		r, _ = f.cred.Verify(ctx, credential.Actor{Username: "verifier"}, pres, "https://bank.example", "n1")
		if r.Valid || r.Status != "revoked" {
			t.Errorf("after the card's revocation: %+v", r)
		}
		statusAfter, _ := f.cred.StatusListToken(ctx)
		md, _ := f.cred.Metadata()
		npm := npmcheck.Run(t, []npmcheck.Case{
			{Presentation: pres, IssuerJWK: md.JWKS.Keys[0], StatusToken: statusBefore, Now: e.clock.t.Unix(), Nonce: "n1", Required: []string{"name", "age_over_18"}},
			{Presentation: pres, IssuerJWK: md.JWKS.Keys[0], StatusToken: statusAfter, Now: e.clock.t.Unix(), Nonce: "n1"},
		})
		if !npm[0].OK || npm[0].Claims["name"] != an.FullName || !npm[0].KB {
			t.Errorf("npm before revocation: %+v", npm[0])
		}
		if _, ok := npm[0].Claims["personal_identifier"]; ok {
			t.Error("npm sees an undisclosed claim")
		}
		if npm[1].OK || !strings.Contains(npm[1].Error, "Status") {
			t.Errorf("npm after revocation: %+v", npm[1])
		}
		if _, err := f.cred.ForCitizen(ctx, citizenActor, an.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a credential without a valid card: %v", err)
		}

		// Every issuance, presentation and verification is audited.
		recs, err := e.db.AuditLog().AuditEntries(ctx, audit.Filter{CitizenID: an.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, r := range recs {
			actions = append(actions, r.Entry.Action)
		}
		for _, want := range []string{"credential.issue", "credential.show", "credential.present", "credential.verify", "credential.revoke"} {
			if !slices.Contains(actions, want) {
				t.Errorf("no %s in the audit log (%v)", want, actions)
			}
		}
	})
}

func TestCredentialAccountWithdrawnAndDeath(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		f := credentialServices(t, e)
		an := person(t, e, 9, "18073", "1980-01-01")
		f.levels[an.ID] = true
		f.handOver(t, an, issuance.FirstIssuance, "", "2026-01-09")
		cur, err := e.db.Credentials().CurrentCredential(ctx, an.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.levels[an.ID] = false
		if err := f.cred.AccountWithdrawn(ctx, an.ID); err != nil {
			t.Fatal(err)
		}
		if c, _ := e.db.Credentials().CredentialByStatusIndex(ctx, cur.StatusIndex); c.State != credential.Revoked || c.Reason != credential.ReasonAccountRevoked {
			t.Errorf("after the account's withdrawal: %s %s", c.State, c.Reason)
		}
		if _, err := f.cred.ForCitizen(ctx, citizenActor, an.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("a level-1 account's card view: %v", err)
		}
		f.levels[an.ID] = true
		if _, err := f.cred.ForCitizen(ctx, citizenActor, an.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Register.Update(ctx, an.ID, 0, func(c *registry.Citizen) error {
			c.Status, c.DeathDate = registry.Dead, c.BirthDate
			return nil
		}, officer); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.Credentials().CurrentCredential(ctx, an.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("a dead person's credential is still active: %v", err)
		}
	})
}

// TestCredentialQRAndLink presents the subsets the portal offers as QR
// codes at the portal's size, reads each back with zbarimg and verifies
// it; a subset too large is refused with a pointer to the link.
func TestCredentialQRAndLink(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		f := credentialServices(t, e)
		an := person(t, e, 11, "18073", "2001-07-07")
		// A long name and address, as real records have: the claims' size
		// is what decides whether a presentation fits.
		an, err := f.svc.Register.Update(ctx, an.ID, 0, func(c *registry.Citizen) error {
			c.FullName = "Nguyễn Hoàng Thị Phương Thảo Quỳnh"
			c.Permanent.Address = "Số 123, ngõ 45, ngách 67, đường Nguyễn Thị Minh Khai, tổ dân phố 8"
			return nil
		}, officer)
		if err != nil {
			t.Fatal(err)
		}
		f.levels[an.ID] = true
		f.handOver(t, an, issuance.FirstIssuance, "", "2026-01-09")
		md, _ := f.cred.Metadata()
		for _, names := range [][]string{
			credential.DefaultQRClaims,
			{"age_over_18"},
			{"age_over_14", "age_over_16", "age_over_18", "age_over_21", "age_over_60"},
			{"name", "birthdate"},
			{"name", "personal_identifier", "birthdate"},
			{"name", "personal_identifier", "birthdate", "sex", "address"},
		} {
			png, text, err := f.cred.QR(ctx, citizenActor, an.ID, names, selfservice.QRSize)
			if err != nil {
				t.Fatalf("QR of %v: %v", names, err)
			}
			if px := modulePx(t, png); px < credential.QRModulePx {
				t.Errorf("QR of %v (%d bytes): %d px per module, want at least %d", names, len(text), px, credential.QRModulePx)
			}
			out, err := testtool.ReadQR(t, png)
			if err != nil || out != text {
				t.Fatalf("QR of %v (%d bytes): zbarimg: %v, read %d bytes, want the presentation", names, len(text), err, len(out))
			}
			r := credential.Check(out, credential.Trust{Issuer: testIssuer, JWKS: md.JWKS}, e.clock.t)
			if !r.Valid || len(r.Disclosed) != len(names) || !r.KeyBound {
				t.Errorf("the scanned QR of %v: %+v", names, r)
			}
			t.Logf("QR of %v: %d bytes", names, len(text))
		}
		if _, _, err := f.cred.QR(ctx, citizenActor, an.ID, []string{"name", credential.PictureClaim}, selfservice.QRSize); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("a QR with the picture: %v", err)
		}
		held, err := f.cred.ForCitizen(ctx, citizenActor, an.ID)
		if err != nil {
			t.Fatal(err)
		}
		all := slices.DeleteFunc(slices.Clone(held.Names), func(n string) bool { return n == credential.PictureClaim })
		_, _, err = f.cred.QR(ctx, citizenActor, an.ID, all, selfservice.QRSize)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Message != credential.QRTooLarge || len(ae.Fields) != 1 || !strings.Contains(ae.Fields[0].Reason, "presentation link") {
			t.Errorf("a QR of every claim: %v, want %q pointing to the presentation link", err, credential.QRTooLarge)
		}

		link, err := f.cred.CreateLink(ctx, citizenActor, an.ID, []string{"name", "birthdate"})
		if err != nil {
			t.Fatal(err)
		}
		r, err := f.cred.OpenLink(ctx, credential.Actor{Username: "anonymous"}, link.Token)
		if err != nil || !r.Valid || r.Claims["birthdate"] != "2001-07-07" {
			t.Fatalf("open link: %+v, %v", r, err)
		}
		if _, err := f.cred.OpenLink(ctx, credential.Actor{}, link.Token+"x"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("a wrong token: %v", err)
		}
		e.clock.advance(11 * time.Minute)
		if _, err := f.cred.OpenLink(ctx, credential.Actor{}, link.Token); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("an expired link: %v", err)
		}
	})
}

// TestCredentialStatusIndexesAreRandom re-issues a credential many times:
// each holds its own index, drawn at random (not in issuance order), and
// the published list marks exactly the ended ones.
func TestCredentialStatusIndexesAreRandom(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		f := credentialServices(t, e)
		an := person(t, e, 12, "18073", "1990-02-02")
		f.levels[an.ID] = true
		f.handOver(t, an, issuance.FirstIssuance, "", "2026-01-09")
		first, err := e.db.Credentials().CurrentCredential(ctx, an.ID)
		if err != nil {
			t.Fatal(err)
		}
		var idx []int
		seen := map[int]bool{first.StatusIndex: true} // the hand-over's credential, superseded by the first Issue
		const issues = 60
		for range issues {
			c, err := f.cred.Issue(ctx, citizenActor, an.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			if seen[c.StatusIndex] {
				t.Fatalf("status index %d given twice", c.StatusIndex)
			}
			seen[c.StatusIndex] = true
			idx = append(idx, c.StatusIndex)
		}
		// In issuance order, a random sequence rises about half the time;
		// a sequential allocator rises every time.
		rises := 0
		for i := 1; i < len(idx); i++ {
			if idx[i] > idx[i-1] {
				rises++
			}
		}
		if rises < issues/5 || rises > issues*4/5 {
			t.Errorf("the index rose %d times in %d issues (%v): not random", rises, issues-1, idx)
		}
		if err := f.cred.Revoke(ctx, credential.System, an.ID, credential.ReasonCardRevoked); err != nil {
			t.Fatal(err)
		}
		tok, err := f.cred.StatusListToken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		md, _ := f.cred.Metadata()
		list, err := credential.ParseStatusList(tok, f.cred.StatusListURI(), md.JWKS, e.clock.t)
		if err != nil {
			t.Fatal(err)
		}
		invalid := 0
		for i := range list.Len() {
			st, _ := list.Get(i)
			if st != 0 {
				invalid++
				if !seen[i] {
					t.Errorf("index %d is marked %d but no credential ended there", i, st)
				}
			}
		}
		if invalid != issues+1 {
			t.Errorf("%d indexes marked invalid, want %d", invalid, issues+1)
		}
		if last, _ := list.Get(idx[issues-1]); last == 0 {
			t.Error("the revoked credential's index is still valid")
		}
	})
}

// modulePx measures a QR code's module: the top edge of the top-left
// finder pattern is the first dark run, seven modules long.
func modulePx(t *testing.T, b []byte) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	dark := func(x, y int) bool { r, _, _, _ := img.At(x, y).RGBA(); return r < 0x8000 }
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			if dark(x, y) {
				run := 0
				for ; x+run < bounds.Max.X && dark(x+run, y); run++ {
				}
				return run / 7
			}
		}
	}
	t.Fatal("the QR image has no dark pixel")
	return 0
}
