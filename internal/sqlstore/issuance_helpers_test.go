package sqlstore_test

import (
	"dancu/internal/wire"
	"fmt"
	"testing"
	"time"

	"dancu/internal/auth"
	"dancu/internal/issuance"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// Officers of the issuance tests. Thành Sen (18073) and Trần Phú (18100)
// are communes of Hà Tĩnh (42).
var (
	xaThanhSen = auth.User{ID: "u-xa", Username: "xa.thanhsen", Role: auth.RoleCommune, Unit: "18073"}
	xaTranPhu  = auth.User{ID: "u-xa2", Username: "xa.tranphu", Role: auth.RoleCommune, Unit: "18100"}
	tinhHaTinh = auth.User{ID: "u-tinh", Username: "tinh.hatinh", Role: auth.RoleProvince, Unit: "42"}
	boCongAn   = auth.User{ID: "u-bo", Username: "bo.c06", Role: auth.RoleMinistry}
	kiemToan   = auth.User{ID: "u-kt", Username: "kiem.toan", Role: auth.RoleAuditor}
)

// monday0700 is 07:00 in Vietnam on Monday 2026-01-05, before the first slot.
var monday0700 = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

func issuanceService(e engine) *issuance.Service {
	e.clock.t = monday0700
	return issuance.NewService(issuance.Config{Store: e.db.Issuance(), Citizens: e.db.Citizens(), Units: units.Default(), Now: e.clock.now})
}

// person creates a living citizen of commune (in Hà Tĩnh) born on birth
// ("YYYY-MM-DD" or partial), numbered n.
func person(t *testing.T, e engine, n int, commune, birth string) registry.Citizen {
	t.Helper()
	bd, err := pdate.Parse(birth)
	if err != nil {
		t.Fatal(err)
	}
	c := registry.Citizen{ID: newID(), IDNumber: fmt.Sprintf("0420%08d", n), FullName: fmt.Sprintf("Nguyễn Văn %c", 'A'+rune(n%26)),
		BirthDate: bd, Sex: registry.Male, Status: registry.Alive, Ethnicity: "01", Nationality: "VN",
		Permanent: registry.Residence{Commune: commune, Province: "42"}}
	created, err := wire.Register(e.db).Create(ctx, c, officer)
	if err != nil {
		t.Fatal(err)
	}
	return created
}

func station(t *testing.T, svc *issuance.Service, code, unit string) issuance.Station {
	t.Helper()
	st, err := svc.CreateStation(ctx, tinhHaTinh, issuance.Station{Code: code, Name: "Công an " + code, Unit: unit})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func fullCaptures() issuance.Captures {
	c := issuance.Captures{Photo: "blob-photo", Signature: "blob-sig"}
	for i := range c.Fingerprints {
		c.Fingerprints[i].Ref = fmt.Sprintf("blob-f%d", i)
	}
	c.Fingerprints[4] = issuance.Fingerprint{Missing: "finger lost in an accident"}
	return c
}

func day(s string) time.Time {
	t, err := issuance.ParseDay(s)
	if err != nil {
		panic(err)
	}
	return t
}

func apply(t *testing.T, svc *issuance.Service, st issuance.Station, c registry.Citizen, typ issuance.Type, reason issuance.Reason) issuance.Application {
	t.Helper()
	a, err := svc.Apply(ctx, xaThanhSen, issuance.NewApplication{CitizenID: c.ID, StationID: st.ID, Type: typ, Reason: reason, Captures: fullCaptures()})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// happyPath is the workflow from submitted to handed over, with who moves.
var happyPath = []struct {
	to issuance.State
	by auth.User
}{
	{issuance.Verified, xaThanhSen},
	{issuance.Approved, tinhHaTinh},
	{issuance.InProduction, boCongAn},
	{issuance.Produced, boCongAn},
	{issuance.Delivered, tinhHaTinh},
	{issuance.HandedOver, xaThanhSen},
}

// fullMove carries every optional part so that only the table decides.
func fullMove(id string, to issuance.State, issue time.Time) issuance.Move {
	expiry := issue.AddDate(10, 0, 0)
	return issuance.Move{ApplicationID: id, To: to, Reason: "test", CitizenConfirmed: true,
		Card: &issuance.ProducedCard{IssueDate: issue, ExpiryDate: &expiry}}
}

func mustCitizen(t *testing.T, e engine, id string) registry.Citizen {
	t.Helper()
	c, err := e.db.Citizens().Citizen(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
