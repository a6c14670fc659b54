package civilstatus_test

import (
	"encoding/json"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/civilstatus"
	"dancu/internal/idnumber"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/share"
)

// TestReestablishingANumberRunsWithMakerChecker: a sex re-determined by
// the civil-status authority leaves a number that names the other sex;
// the commune prepares the re-establishment, the same officer cannot
// approve it, a second one does; the old number still finds the person
// and names the new one, and agencies receive both events.
func TestReestablishingANumberRunsWithMakerChecker(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.person("Nguyễn Văn Hùng", "042090000123", registry.Male, pdate.Full(1990, 5, 15), "HT-001", "head")
		form := civilstatus.NumberForm{Person: civilstatus.Ref{CitizenID: c.ID}, Ground: "sex_redetermined", DocumentRef: "QĐ 5/2026"}
		if _, err := e.receive(xaThanhSen, civilstatus.CodeReestablish, form); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a number that fits the person's data was put up for re-establishment: %v", err)
		}
		female := "F"
		e.mustReceive(xaThanhSen, civilstatus.CodeCorrection, civilstatus.CorrectionForm{CertificateRef: "TL-XĐLGT 1/2026",
			Ground: "sex_redetermination", Person: civilstatus.Ref{IDNumber: c.IDNumber}, Sex: &female})
		d := e.mustReceive(xaThanhSen, civilstatus.CodeReestablish, form)
		if d.State != procedure.Received {
			t.Fatalf("the re-establishment was decided on reception: %s", d.State)
		}
		if _, err := e.approve(xaThanhSen, d.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("the preparing officer approved it: %v", err)
		}
		if cur := e.current(c.ID); cur.IDNumber != c.IDNumber {
			t.Fatalf("the refused approval changed the number to %s", cur.IDNumber)
		}
		d, err := e.approve(xaThanhSen2, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var res civilstatus.NumberResult
		if err := json.Unmarshal(d.Result, &res); err != nil {
			t.Fatal(err)
		}
		p, err := idnumber.Parse(res.IDNumber)
		if err != nil || res.Cancelled != c.IDNumber || p.Sex != idnumber.Female || p.BirthYear != 1990 || p.Prefix != "042" {
			t.Fatalf("result %+v (%+v %v)", res, p, err)
		}
		byOld, err := e.db.Citizens().CitizenByIDNumber(ctx, c.IDNumber)
		if err != nil || byOld.ID != c.ID || byOld.IDNumber != res.IDNumber {
			t.Fatalf("the old number finds %s holding %s (%v); want the person, holding the new number", byOld.ID, byOld.IDNumber, err)
		}
		var cancelled, issued bool
		for _, ev := range e.events(share.EventNumberCancelled, share.EventNumberIssued) {
			cancelled = cancelled || ev.Type == share.EventNumberCancelled && ev.Data["id_number"] == c.IDNumber && ev.Data["replaced_by"] == res.IDNumber
			issued = issued || ev.Type == share.EventNumberIssued && ev.Data["id_number"] == res.IDNumber
		}
		if !cancelled || !issued {
			t.Errorf("events: cancelled with replaced_by %v, issued %v", cancelled, issued)
		}
		// The cancelled number is never issued again.
		taken, err := e.db.Citizens().NumbersTaken(ctx, []string{c.IDNumber})
		if err != nil || !taken[c.IDNumber] {
			t.Errorf("the cancelled number is free again: %v", err)
		}
	})
}

// TestCancellingANumberAloneKeepsItFindable: a number issued in error is
// cancelled by a second officer; the record holds none, the old number
// still finds it, and a re-establishment on the ground no_number gives it
// a fresh one.
func TestCancellingANumberAloneKeepsItFindable(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.person("Trần Thị Hoa", "042192000456", registry.Female, pdate.Full(1992, 1, 2), "HT-001", "head")
		d := e.mustReceive(xaThanhSen, civilstatus.CodeCancel, civilstatus.NumberForm{Person: civilstatus.Ref{IDNumber: c.IDNumber},
			Ground: "issued_in_error", DocumentRef: "Biên bản 2/2026"})
		if _, err := e.approve(xaThanhSen2, d.ID); err != nil {
			t.Fatal(err)
		}
		if cur := e.current(c.ID); cur.IDNumber != "" || len(cur.CancelledIDNumbers) != 1 {
			t.Fatalf("after the cancellation: %q %v", cur.IDNumber, cur.CancelledIDNumbers)
		}
		if byOld, err := e.db.Citizens().CitizenByIDNumber(ctx, c.IDNumber); err != nil || byOld.ID != c.ID {
			t.Fatalf("the cancelled number no longer finds the person: %v", err)
		}
		d = e.mustReceive(xaThanhSen, civilstatus.CodeReestablish, civilstatus.NumberForm{Person: civilstatus.Ref{CitizenID: c.ID},
			Ground: "no_number", DocumentRef: "Giấy khai sinh"})
		if _, err := e.approve(xaThanhSen2, d.ID); err != nil {
			t.Fatal(err)
		}
		if cur := e.current(c.ID); !idnumber.Valid(cur.IDNumber) || cur.IDNumber == c.IDNumber {
			t.Errorf("re-established number %q", cur.IDNumber)
		}
	})
}
