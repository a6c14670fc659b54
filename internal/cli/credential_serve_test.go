package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/credential"
	"dancu/internal/eid"
	"dancu/internal/issuance"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/share"
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

// codes keeps the one-time codes the VNeID accounts send.
type codes struct {
	mu   sync.Mutex
	sent []eid.OTPMessage
}

func (c *codes) Send(_ context.Context, m eid.OTPMessage) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, m)
	return nil
}

// TestCredentialServed issues the căn cước điện tử to a real level-2 VNeID
// account (issued at the card's hand-over, activated by its code), runs
// `dancu serve` and uses the credential
// as a verifier would, over HTTP: the issuer keys at the well-known path,
// the status list, the agencies' verifier endpoint and a presentation
// link; then `dancu credential verify` offline against the saved keys and
// status list, before and after the card is revoked.
func TestCredentialServed(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DANCU_PKI_PASSPHRASE", "credential serve test passphrase")
	dsn := "sqlite:" + filepath.Join(dir, "vc.db")
	common := []string{"--data", dir, "--keys", filepath.Join(t.TempDir(), "keys"), "--db", dsn}
	mustRun(t, append([]string{"pki", "init"}, common...)...)
	mustRun(t, append([]string{"pki", "credential-issuer"}, common...)...)
	officer := mustRun(t, append([]string{"user", "create", "bo.c06", "--role", "ministry"}, common...)...)
	_, officerPassword, _ := strings.Cut(officer, "password: ")
	officerPassword = strings.TrimSpace(officerPassword)
	out := mustRun(t, append([]string{"agency", "create", "bank", "--name", "Ngân hàng", "--legal-basis", "Luật Căn cước 2023",
		"--purpose", "account_opening", "--fields", "id_number"}, common...)...)
	_, secret, _ := strings.Cut(out, "client_secret: ")
	secret, _, _ = strings.Cut(secret, "\n")

	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := &app{out: io.Discard, errOut: io.Discard, log: quietLogger(io.Discard), data: dir, keys: common[3], db: dsn}
	otp := &codes{}
	svc := wire.New(db, wire.Config{Logger: a.log, Blobs: &lazyBlobs{open: a.openBlobs}, Credentials: a.credentialConfig(),
		EID: wire.EIDConfig{OTP: otp, Params: auth.Params{Memory: 64, Time: 1, Threads: 1}}})
	holder := cardHolder(t, db, svc)

	// The hand-over issued a level-2 account waiting for its code: no
	// credential until the citizen activates it.
	ctx := context.Background()
	citizen := credential.Actor{Username: "citizen", Role: "citizen"}
	if _, err := svc.Credentials.ForCitizen(ctx, citizen, holder.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("credential of an account not activated: %v", err)
	}
	if len(otp.sent) != 1 {
		t.Fatalf("codes sent at the hand-over: %d", len(otp.sent))
	}
	if _, err := svc.EID.Activate(ctx, eid.Activation{Identifier: holder.IDNumber, Code: otp.sent[0].Code, Password: "Hoa-mat-khau-2026!"}); err != nil {
		t.Fatal(err)
	}

	srv := startServer(t, a, db)
	defer srv.stop()
	code, body := srv.get(t, credential.MetadataPath)
	var md credential.IssuerMetadata
	if code != 200 || json.Unmarshal([]byte(body), &md) != nil || len(md.JWKS.Keys) != 1 || len(md.JWKS.Keys[0].X5C) != 2 {
		t.Fatalf("issuer metadata: %d %s", code, body)
	}
	keysFile := filepath.Join(dir, "issuer.json")
	os.WriteFile(keysFile, []byte(body), 0o600)

	if _, err := svc.Credentials.ForCitizen(ctx, citizen, holder.ID); err != nil {
		t.Fatal(err)
	}
	pres, err := svc.Credentials.Present(ctx, citizen, holder.ID, []string{"name", "age_over_18"}, "https://bank.example", "n-1")
	if err != nil {
		t.Fatal(err)
	}
	tok := srv.agencyToken(t, "bank", secret)
	req, _ := json.Marshal(map[string]string{"presentation": pres, "audience": "https://bank.example", "nonce": "n-1"})
	code, body = srv.post(t, "/api/v1/credentials/verify", tok, "application/json", string(req))
	if code != 200 || !strings.Contains(body, `"status":"valid"`) || !strings.Contains(body, holder.FullName) || strings.Contains(body, holder.IDNumber) {
		t.Fatalf("verify: %d %s", code, body)
	}
	if code, _ := srv.post(t, "/api/v1/credentials/verify", "", "application/json", string(req)); code != 401 {
		t.Errorf("verify without an agency token: %d", code)
	}
	link, err := svc.Credentials.CreateLink(ctx, citizen, holder.ID, []string{"name", "birthdate"})
	if err != nil {
		t.Fatal(err)
	}
	if code, body := srv.get(t, credential.PresentationsPath+"/"+link.Token); code != 200 || !strings.Contains(body, "1990-04-05") {
		t.Errorf("presentation link: %d %s", code, body)
	}
	if code, body := srv.get(t, credential.PresentationsPath+"/"+strings.Repeat("x", 43)); code != 404 || !strings.Contains(body, "presentation link") {
		t.Errorf("unknown link: %d %s", code, body)
	}

	presFile := filepath.Join(dir, "presented.txt")
	os.WriteFile(presFile, []byte(pres), 0o600)
	statusFile := filepath.Join(dir, "status.jwt")
	verify := func() (string, int) {
		_, list := srv.get(t, credential.StatusListPath)
		os.WriteFile(statusFile, []byte(list), 0o600)
		out, errOut, code := run(t, "credential", "verify", presFile, "--keys", keysFile, "--status-list", statusFile, "--aud", "https://bank.example", "--nonce", "n-1")
		return out + errOut, code
	}
	if out, code := verify(); code != 0 || !strings.Contains(out, `"status": "valid"`) {
		t.Errorf("offline verify: %d %s", code, out)
	}
	// The officer revokes the stolen card through the served API; the
	// server's status list shows it at once.
	login, _ := json.Marshal(map[string]string{"username": "bo.c06", "password": officerPassword})
	code, body = srv.post(t, "/api/v1/auth/login", "", "application/json", string(login))
	var session struct {
		Token string `json:"token"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &session) != nil {
		t.Fatalf("login: %d %s", code, body)
	}
	if code, body := srv.post(t, "/api/v1/cards/"+holder.IDNumber+"/revoke", session.Token, "application/json", `{"reason":"stolen"}`); code != 200 {
		t.Fatalf("revoke the card: %d %s", code, body)
	}
	if out, code := verify(); code == 0 || !strings.Contains(out, `"status": "revoked"`) {
		t.Errorf("offline verify after the card's revocation: %d %s", code, out)
	}
}

// cardHolder is a citizen of Hà Tĩnh with an active card.
func cardHolder(t *testing.T, db *sqlstore.DB, svc *wire.Services) registry.Citizen {
	t.Helper()
	ctx := context.Background()
	c, err := svc.Register.Create(ctx, registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: "042090001234",
		FullName: "Phạm Thị Hoa", BirthDate: pdate.Full(1990, 4, 5), Sex: registry.Female, Status: registry.Alive,
		Nationality: "VN", Phone: "0912345678", Permanent: registry.Residence{Commune: "18073", Province: "42"}}, registry.ChangeMeta{Actor: "t", Reason: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	bo := auth.User{ID: "u-bo", Username: "bo", Role: auth.RoleMinistry}
	st, err := svc.Issuance.CreateStation(ctx, bo, issuance.Station{Code: "CA-TS", Name: "Công an Thành Sen", Unit: "18073"})
	if err != nil {
		t.Fatal(err)
	}
	caps := issuance.Captures{Photo: "p", Signature: "s"}
	for i := range caps.Fingerprints {
		caps.Fingerprints[i].Ref = fmt.Sprintf("f%d", i)
	}
	app, err := svc.Issuance.Apply(ctx, bo, issuance.NewApplication{CitizenID: c.ID, StationID: st.ID, Type: issuance.FirstIssuance, Captures: caps})
	if err != nil {
		t.Fatal(err)
	}
	issued := time.Now().UTC().Truncate(24 * time.Hour)
	expiry := issued.AddDate(10, 0, 0)
	xa := auth.User{ID: "u-xa", Username: "xa", Role: auth.RoleCommune, Unit: "18073"}
	tinh := auth.User{ID: "u-tinh", Username: "tinh", Role: auth.RoleProvince, Unit: "42"}
	for _, step := range []struct {
		to issuance.State
		by auth.User
	}{{issuance.Verified, xa}, {issuance.Approved, tinh}, {issuance.InProduction, bo}, {issuance.Produced, bo}, {issuance.Delivered, tinh}, {issuance.HandedOver, xa}} {
		to := step.to
		if app, err = svc.Issuance.Transition(ctx, step.by, issuance.Move{ApplicationID: app.ID, To: to, Reason: "test", CitizenConfirmed: true,
			Card: &issuance.ProducedCard{IssueDate: issued, ExpiryDate: &expiry}}); err != nil {
			t.Fatalf("→ %s: %v", to, err)
		}
	}
	return c
}

func (s runningServer) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (s runningServer) agencyToken(t *testing.T, id, secret string) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "audience": {share.AudienceVerify}}
	code, body := s.post(t, "/api/v1/oauth/token", "", "application/x-www-form-urlencoded", form.Encode())
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &tok) != nil {
		t.Fatalf("agency token: %d %s", code, body)
	}
	return tok.AccessToken
}
