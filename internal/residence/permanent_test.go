package residence_test

import (
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
	"dancu/internal/residence"
)

// A family of Trần Phú moves into a household of Thành Sen: proof and
// consent are required at approval, the members join the household, the
// old commune's deletion follows in Trần Phú's register, and the residence
// history names the procedure.
func TestPermanentMoveIntoHouseholdDeletesInOldCommune(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		head := f.person("Nguyễn Văn Nam", "18073", "42", "HS-1", "head")
		son := f.person("Nguyễn Văn Sơn", "18100", "42", "HP-9", "head")
		wife := f.person("Lê Thị Lan", "18100", "42", "HP-9", "spouse")
		form := residence.PermanentForm{Case: residence.JoinHousehold, Household: "HS-1",
			Members:       []residence.Member{{CitizenID: son.ID, Relation: "con"}, {CitizenID: wife.ID, Relation: "other"}},
			Accommodation: residence.Accommodation{Basis: "relative"}, Consent: residence.Consent{By: head.ID, OnForm: true}}
		if _, err := f.receive(tranPhu, "residence.permanent", form); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("the old commune received the move: %v", err)
		}
		d := f.mustReceive(thanhSen, "residence.permanent", form)
		if d.Unit != "18073" || d.Deadline.Due.String() != "2026-01-14" || d.Fee.Amount != 20000 || len(d.Subjects) != 3 {
			t.Fatalf("received: unit %s due %s fee %d subjects %v", d.Unit, d.Deadline.Due, d.Fee.Amount, d.Subjects)
		}
		_, err := f.step(thanhSen, d.ID, procedure.ActApprove, "")
		wantCode(t, err, apperr.Conflict, "approval without the proof of accommodation")
		if c := f.citizen(son.ID); c.Permanent.Commune != "18100" {
			t.Fatal("a refused approval changed the record")
		}
		f.attach(thanhSen, d.ID, "accommodation_proof")
		if _, err := f.step(thanhSen, d.ID, procedure.ActApprove, ""); err != nil {
			t.Fatal(err)
		}
		for _, m := range []struct{ id, rel string }{{son.ID, "child"}, {wife.ID, "other"}} {
			c := f.citizen(m.id)
			if c.Permanent.Commune != "18073" || c.Permanent.Since.String() != "2026-01-05" || c.HouseholdRef != "HS-1" ||
				c.HouseholdHead.Name != head.FullName || c.RelationToHead != m.rel {
				t.Errorf("member after the move: %+v household %s head %+v relation %s", c.Permanent, c.HouseholdRef, c.HouseholdHead, c.RelationToHead)
			}
		}
		// The old commune's deletion, one per member, decided with the move.
		items, err := f.svc.Procedures.Inbox(ctx, tranPhu, procedure.Query{Kind: "residence.permanent_deletion"})
		if err != nil || len(items) != 2 {
			t.Fatalf("old commune's deletions: %d, %v", len(items), err)
		}
		for _, it := range items {
			if it.State != procedure.Done || it.Outcome != procedure.Approved || it.Channel != procedure.Internal || it.Unit != "18100" {
				t.Errorf("follow-up %+v", it.Dossier)
			}
		}
		h, err := f.svc.Residence.History(ctx, thanhSen, son.ID)
		if err != nil {
			t.Fatal(err)
		}
		ch := h.Changes[0]
		if ch.Action != residence.Moved || ch.Procedure != "residence.permanent" || ch.Dossier != d.ID ||
			ch.Before.Commune != "18100" || ch.Ground == nil || ch.Ground.Code != residence.GroundRegisteredElsewhere {
			t.Errorf("history: %+v", ch)
		}
		if _, err := f.svc.Residence.History(ctx, tranPhu, son.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("the old commune reads the mover's history: %v", err)
		}
	})
}

// New household, tách hộ and a new head, each through its dossier.
func TestPermanentHouseholdCases(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		head := f.person("Trần Văn Cả", "18073", "42", "HS-2", "head")
		a := f.person("Trần Văn Hai", "18073", "42", "HS-2", "child")
		b := f.person("Trần Thị Ba", "18073", "42", "HS-2", "child")
		mover := f.person("Phạm Văn Tư", "00004", "01", "HN-1", "head")

		// A new household of one in Thành Sen, the applicant owning the home.
		d := f.mustReceive(thanhSen, "residence.permanent", residence.PermanentForm{Case: residence.NewHousehold,
			Commune: "18073", Address: "Xóm Mới", Head: mover.ID, Members: []residence.Member{{CitizenID: mover.ID}},
			Accommodation: residence.Accommodation{Basis: "owned", LookupRef: "GCN-42-0001"}})
		if _, err := f.step(thanhSen, d.ID, procedure.ActApprove, ""); err != nil {
			t.Fatal(err)
		}
		if c := f.citizen(mover.ID); c.HouseholdRef == "HN-1" || c.RelationToHead != "head" || c.Permanent.Address != "Xóm Mới" {
			t.Errorf("new household: %+v", c)
		}

		// Tách hộ: Hai and Ba leave Cả's household, Hai heads the new one.
		split := residence.PermanentForm{Case: residence.SplitHousehold, Household: "HS-2", Head: a.ID,
			Members: []residence.Member{{CitizenID: a.ID}, {CitizenID: b.ID, Relation: "sibling"}}}
		_, err := f.receive(thanhSen, "residence.permanent", residence.PermanentForm{Case: residence.SplitHousehold,
			Household: "HS-2", Head: head.ID, Members: []residence.Member{{CitizenID: head.ID}}})
		wantCode(t, err, apperr.Invalid, "the head splitting from their own household")
		d = f.mustReceive(thanhSen, "residence.permanent", split)
		_, err = f.step(thanhSen, d.ID, procedure.ActApprove, "")
		wantCode(t, err, apperr.Conflict, "tách hộ without the head's consent")
		f.attach(thanhSen, d.ID, "owner_consent")
		if _, err := f.step(thanhSen, d.ID, procedure.ActApprove, ""); err != nil {
			t.Fatal(err)
		}
		ca, cb := f.citizen(a.ID), f.citizen(b.ID)
		if ca.HouseholdRef == "HS-2" || ca.HouseholdRef != cb.HouseholdRef || ca.RelationToHead != "head" ||
			cb.HouseholdHead.Name != a.FullName || f.citizen(head.ID).HouseholdRef != "HS-2" {
			t.Errorf("split: %s %s %s %+v", ca.HouseholdRef, cb.HouseholdRef, ca.RelationToHead, cb.HouseholdHead)
		}

		// Ba becomes the head of the new household; Hai is her sibling.
		d = f.mustReceive(thanhSen, "residence.permanent", residence.PermanentForm{Case: residence.ChangeHead,
			Household: ca.HouseholdRef, Head: b.ID, Members: []residence.Member{{CitizenID: a.ID, Relation: "sibling"}}})
		if _, err := f.step(thanhSen, d.ID, procedure.ActApprove, ""); err != nil {
			t.Fatal(err)
		}
		ca, cb = f.citizen(a.ID), f.citizen(b.ID)
		if cb.RelationToHead != "head" || ca.RelationToHead != "sibling" || ca.HouseholdHead.Name != b.FullName {
			t.Errorf("new head: %s %s %+v", cb.RelationToHead, ca.RelationToHead, ca.HouseholdHead)
		}
	})
}
