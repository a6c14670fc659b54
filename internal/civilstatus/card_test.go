package civilstatus_test

import (
	"fmt"
	"testing"
	"time"

	"dancu/internal/auth"
	"dancu/internal/civilstatus"
	"dancu/internal/issuance"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/share"
)

var (
	tinhHaTinh = auth.User{ID: "u-tinh", Username: "tinh.hatinh", Role: auth.RoleProvince, Unit: "42"}
	boCongAn   = auth.User{ID: "u-bo", Username: "bo.c06", Role: auth.RoleMinistry}
)

// activeCard takes c through the card workflow to an active card.
func (e *env) activeCard(c registry.Citizen) {
	e.t.Helper()
	svc := e.s.Issuance
	st, err := svc.CreateStation(ctx, tinhHaTinh, issuance.Station{Code: "HT-" + c.ID[len(c.ID)-6:], Name: "Công an xã", Unit: "18073"})
	if err != nil {
		e.t.Fatal(err)
	}
	caps := issuance.Captures{Photo: "blob-photo", Signature: "blob-sig"}
	for i := range caps.Fingerprints {
		caps.Fingerprints[i].Ref = fmt.Sprintf("blob-f%d", i)
	}
	a, err := svc.Apply(ctx, xaThanhSen, issuance.NewApplication{CitizenID: c.ID, StationID: st.ID, Type: issuance.FirstIssuance, Captures: caps})
	if err != nil {
		e.t.Fatal(err)
	}
	issue := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	expiry := issue.AddDate(10, 0, 0)
	for _, step := range []struct {
		to issuance.State
		by auth.User
	}{{issuance.Verified, xaThanhSen}, {issuance.Approved, tinhHaTinh}, {issuance.InProduction, boCongAn},
		{issuance.Produced, boCongAn}, {issuance.Delivered, tinhHaTinh}, {issuance.HandedOver, xaThanhSen}} {
		if _, err := svc.Transition(ctx, step.by, issuance.Move{ApplicationID: a.ID, To: step.to, Reason: "test", CitizenConfirmed: true,
			Card: &issuance.ProducedCard{IssueDate: issue, ExpiryDate: &expiry}}); err != nil {
			e.t.Fatalf("card → %s: %v", step.to, err)
		}
	}
}

func (e *env) cardStatus(number string) issuance.Validity {
	e.t.Helper()
	v, err := e.s.Issuance.CardStatus(ctx, number)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

// TestCardsAreRevokedWhenTheirHolderDiesOrLosesTheNumber: the register's
// change revokes the cards in its own transaction, with card.revoked for
// agencies.
func TestCardsAreRevokedWhenTheirHolderDiesOrLosesTheNumber(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		hung := e.person("Nguyễn Văn Hùng", "042090000123", registry.Male, pdate.Full(1990, 5, 15), "HT-001", "head")
		hoa := e.person("Trần Thị Hoa", "042092000456", registry.Female, pdate.Full(1992, 1, 2), "HT-001", "spouse") // a male number
		e.activeCard(hung)
		e.activeCard(hoa)
		if v := e.cardStatus(hung.IDNumber); v != issuance.Valid {
			t.Fatalf("card before the death: %s", v)
		}
		e.mustReceive(xaThanhSen, civilstatus.CodeDeath, civilstatus.DeathForm{CertificateRef: "KT-1/2026",
			Person: civilstatus.Ref{IDNumber: hung.IDNumber}, DeathDate: pdate.Full(2026, 1, 4)})
		if v := e.cardStatus(hung.IDNumber); v != issuance.Revoked {
			t.Errorf("the dead holder's card is %s", v)
		}
		d := e.mustReceive(xaThanhSen, civilstatus.CodeReestablish, civilstatus.NumberForm{Person: civilstatus.Ref{CitizenID: hoa.ID},
			Ground: "entry_error", DocumentRef: "Giấy khai sinh"})
		if _, err := e.approve(xaThanhSen2, d.ID); err != nil {
			t.Fatal(err)
		}
		if v := e.cardStatus(hoa.IDNumber); v != issuance.Revoked {
			t.Errorf("the card bearing the cancelled number is %s", v)
		}
		reasons := map[string]string{}
		for _, ev := range e.events(share.EventCardRevoked) {
			reasons[ev.Data["id_number"]] = ev.Data["reason"]
		}
		if reasons[hung.IDNumber] != issuance.RevokedDeath || reasons[hoa.IDNumber] != issuance.RevokedNumberCancelled {
			t.Errorf("card.revoked events %v", reasons)
		}
	})
}
