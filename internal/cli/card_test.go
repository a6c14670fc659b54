package cli

import (
	"context"
	"dancu/internal/wire"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/auth"
	"dancu/internal/issuance"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 879781: "879,781", -1234567: "-1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestCardCommands seeds one handed-over card and a quota, then reads
// them back through the command line.
func TestCardCommands(t *testing.T) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "cards.db")
	now := time.Date(2026, 1, 5, 1, 0, 0, 0, time.UTC)
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	c, err := wire.Register(db).Create(ctx, registry.Citizen{ID: newID(), IDNumber: "042090000123", FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15),
		Sex: registry.Male, Status: registry.Alive, Permanent: registry.Residence{Commune: "18073", Province: "42"}},
		registry.ChangeMeta{Actor: "test", Reason: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	svc := issuance.NewService(issuance.Config{Store: db.Issuance(), Citizens: db.Citizens(), Units: units.Default(), Now: func() time.Time { return now }})
	prov := auth.User{ID: "p", Username: "tinh", Role: auth.RoleProvince, Unit: "42"}
	ministry := auth.User{ID: "m", Username: "bo", Role: auth.RoleMinistry}
	st, err := svc.CreateStation(ctx, prov, issuance.Station{Code: "HT-TS", Name: "Thành Sen", Unit: "18073"})
	if err != nil {
		t.Fatal(err)
	}
	caps := issuance.Captures{Photo: "p", Signature: "s"}
	for i := range caps.Fingerprints {
		caps.Fingerprints[i].Ref = "f"
	}
	app, err := svc.Apply(ctx, prov, issuance.NewApplication{CitizenID: c.ID, StationID: st.ID, Type: issuance.Conversion, Captures: caps})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		by auth.User
		to issuance.State
	}{{prov, issuance.Verified}, {prov, issuance.Approved}, {ministry, issuance.InProduction}, {ministry, issuance.Produced},
		{prov, issuance.Delivered}, {prov, issuance.HandedOver}} {
		move := issuance.Move{ApplicationID: app.ID, To: m.to, CitizenConfirmed: true, Card: &issuance.ProducedCard{IssueDate: now}}
		if _, err := svc.Transition(ctx, m.by, move); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.SetQuota(ctx, ministry, issuance.Quota{Unit: "42", From: now, To: now.AddDate(0, 3, 0), Target: 3}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	if out := mustRun(t, "card", "list", "--db", dsn, "--state", "active"); out != "042090000123\n" {
		t.Errorf("card list = %q", out)
	}
	if out := mustRun(t, "card", "list", "--db", dsn, "--state", "revoked"); out != "" {
		t.Errorf("revoked cards = %q", out)
	}
	out := mustRun(t, "card", "progress", "--db", dsn, "--unit", "42", "--date", "2026-01-05")
	for _, want := range []string{"42 Tỉnh Hà Tĩnh", "Received     1 / 3 = 33.33%", "Handed over  1", "Covered      1 / 1 eligible = 100.00%", "received 1 (+1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("progress output lacks %q:\n%s", want, out)
		}
	}
	if _, errOut, code := run(t, "card", "list", "--db", dsn, "--state", "lost"); code == 0 || !strings.Contains(errOut, "--state") {
		t.Errorf("bad state: exit %d, %s", code, errOut)
	}
}
