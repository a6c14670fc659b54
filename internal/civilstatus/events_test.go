package civilstatus_test

import (
	"encoding/json"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/civilstatus"
	"dancu/internal/idnumber"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/quality"
	"dancu/internal/registry"
	"dancu/internal/share"
)

func (e *env) events(types ...share.EventType) []share.Event {
	e.t.Helper()
	evs, err := e.db.Sharing().Events(ctx, 0, types, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	return evs
}

// A family of the register: a father who heads household HT-001 and a
// mother, both in Thành Sen (18073).
func (e *env) family() (father, mother registry.Citizen) {
	father = e.person("Nguyễn Văn Hùng", "042090000123", registry.Male, pdate.Full(1990, 5, 15), "HT-001", "head")
	mother = e.person("Trần Thị Hoa", "042192000456", registry.Female, pdate.Full(1992, 1, 2), "HT-001", "spouse")
	return father, mother
}

func TestBirthRegistrationAssignsTheNumberAndPlacesTheChild(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		father, mother := e.family()
		form := civilstatus.BirthForm{CertificateRef: "KS-12/2026", FullName: "Nguyễn Minh An", BirthDate: pdate.Full(2026, 1, 2), Sex: "F",
			BirthRegistration: registry.Place{Code: "18073"}, Father: &civilstatus.Ref{IDNumber: father.IDNumber},
			Mother: &civilstatus.Ref{CitizenID: mother.ID}}
		if _, err := e.receive(xaTranPhu, civilstatus.CodeBirth, form); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("another commune registered the birth: %v", err)
		}
		d := e.mustReceive(xaThanhSen, civilstatus.CodeBirth, form)
		if d.State != procedure.Done || d.Outcome != procedure.Approved {
			t.Fatalf("birth dossier %s/%s, want done/approved", d.State, d.Outcome)
		}
		var res civilstatus.BirthResult
		if err := json.Unmarshal(d.Result, &res); err != nil {
			t.Fatal(err)
		}
		child := e.current(res.CitizenID)
		p, err := idnumber.Parse(child.IDNumber)
		if err != nil || child.IDNumber != res.IDNumber || p.Prefix != "042" || p.BirthYear != 2026 || p.Sex != idnumber.Female {
			t.Fatalf("child's number %q (%+v, %v), want a 2026 female number of Hà Tĩnh", child.IDNumber, p, err)
		}
		if child.HouseholdRef != "HT-001" || child.RelationToHead != "child" || child.HouseholdHead.IDNumber != father.IDNumber ||
			child.Permanent.Commune != "18073" || !child.Permanent.Registered() {
			t.Errorf("child's household %q %q head %q residence %+v", child.HouseholdRef, child.RelationToHead, child.HouseholdHead.IDNumber, child.Permanent)
		}
		if child.Father.CitizenID != father.ID || child.Mother.CitizenID != mother.ID || child.Ethnicity != "01" || child.Hometown.Code != "42" {
			t.Errorf("child's parents %+v %+v, ethnicity %q, hometown %+v", child.Father, child.Mother, child.Ethnicity, child.Hometown)
		}
		hist, err := e.db.Citizens().History(ctx, child.ID)
		if err != nil || len(hist) != 1 || hist[0].Reason != procedure.ChangeReason(civilstatus.Birth.Info(), d.ID) {
			t.Errorf("child's history %+v %v", hist, err)
		}
		issued := e.events(share.EventNumberIssued)
		if last := issued[len(issued)-1]; last.Data["id_number"] != child.IDNumber || last.CitizenID != child.ID {
			t.Errorf("last id_number.issued event %+v, want the child's number", last)
		}
	})
}

func TestMarriageDivorceAndDeathChangeBothRecords(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		hung := e.person("Nguyễn Văn Hùng", "042090000123", registry.Male, pdate.Full(1990, 5, 15), "HT-001", "head")
		hoa := e.person("Trần Thị Hoa", "042192000456", registry.Female, pdate.Full(1992, 1, 2), "HT-002", "head")
		couple := civilstatus.CoupleForm{CertificateRef: "KH-7/2026", Spouse1: civilstatus.Ref{IDNumber: hung.IDNumber},
			Spouse2: civilstatus.Ref{IDNumber: hoa.IDNumber}, Date: pdate.Full(2026, 1, 3)}
		e.mustReceive(xaThanhSen, civilstatus.CodeMarriage, couple)
		hung, hoa = e.current(hung.ID), e.current(hoa.ID)
		if hung.Spouse.CitizenID != hoa.ID || hoa.Spouse.CitizenID != hung.ID || hung.MaritalStatus != "married" || hoa.MaritalStatus != "married" {
			t.Fatalf("after the marriage: %+v %s / %+v %s", hung.Spouse, hung.MaritalStatus, hoa.Spouse, hoa.MaritalStatus)
		}
		if _, err := e.receive(xaThanhSen, civilstatus.CodeMarriage, couple); err == nil {
			t.Fatal("a second marriage of a married couple was registered")
		}
		e.mustReceive(xaThanhSen, civilstatus.CodeDivorce, couple)
		hung, hoa = e.current(hung.ID), e.current(hoa.ID)
		if !hung.Spouse.IsZero() || !hoa.Spouse.IsZero() || hung.MaritalStatus != "divorced" || hoa.MaritalStatus != "divorced" {
			t.Fatalf("after the divorce: %+v %s / %+v %s", hung.Spouse, hung.MaritalStatus, hoa.Spouse, hoa.MaritalStatus)
		}
		couple.Date = pdate.Full(2026, 1, 4)
		e.mustReceive(xaThanhSen, civilstatus.CodeMarriage, couple)

		death := civilstatus.DeathForm{CertificateRef: "KT-3/2026", Person: civilstatus.Ref{IDNumber: hung.IDNumber}, DeathDate: pdate.Full(2026, 1, 4)}
		e.mustReceive(xaThanhSen, civilstatus.CodeDeath, death)
		hung, hoa = e.current(hung.ID), e.current(hoa.ID)
		if hung.Status != registry.Dead || hung.DeathDate != death.DeathDate || hung.Permanent.DeletedFor != registry.DeletedForDeath ||
			hung.Permanent.DeletedOn != death.DeathDate || hoa.MaritalStatus != "widowed" {
			t.Errorf("after the death: %s %s %+v; spouse %s", hung.Status, hung.DeathDate, hung.Permanent, hoa.MaritalStatus)
		}
		if _, err := e.receive(xaThanhSen, civilstatus.CodeDeath, death); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a second death registration: %v, want conflict", err)
		}
		findings, err := e.db.Quality().Findings(ctx, quality.FindingQuery{CitizenID: hung.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range findings.Items {
			if f.Code == quality.CodeDeadWithResidence {
				t.Errorf("%s fires for a death registered through the procedure", f.Code)
			}
		}
		died := e.events(share.EventDeath)
		if len(died) != 1 || died[0].Data["id_number"] != hung.IDNumber || died[0].Data["death_date"] != "2026-01-04" {
			t.Errorf("death events %+v", died)
		}
	})
}
