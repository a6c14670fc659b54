package parity_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"dancu/internal/civilstatus"
	"dancu/internal/pdate"
	"dancu/internal/quality"
	"dancu/internal/registry"
)

// procedureFix resolves a rule's finding through the procedures an
// officer files at the desk (POST /api/v1/dossiers), decided by a second
// officer where the kind asks for one: civil-status correction (cải chính
// hộ tịch), parentage, household adjustment and the ID-number operations.
type procedureFix struct {
	code    string
	trigger func(w *world, c *registry.Citizen)
	kind    string
	form    func(c registry.Citizen) any
}

// otherPerson seeds a second record the trigger refers to.
func (w *world) otherPerson(mod func(*registry.Citizen)) registry.Citizen {
	w.t.Helper()
	c := cleanRecord(900 + len(w.citizens))
	c.ID = uuid.Must(uuid.NewV7()).String()
	mod(&c)
	stored, err := w.seed(c)
	if err != nil {
		w.t.Fatal(err)
	}
	w.citizens[c.ID] = stored
	return stored
}

func str(s string) *string { return &s }

var procedureFixes = []procedureFix{
	{quality.CodeIDInvalidFormat, func(_ *world, c *registry.Citizen) { c.IDNumber = "04209000012" },
		civilstatus.CodeReestablish, reestablish},
	{quality.CodeIDUnknownPrefix, func(_ *world, c *registry.Citizen) { c.IDNumber = "999090001234" },
		civilstatus.CodeReestablish, reestablish},
	{quality.CodeIDProvinceMismatch, func(_ *world, c *registry.Citizen) { c.IDNumber = "001090001234" },
		civilstatus.CodeReestablish, reestablish},
	{quality.CodeIDBirthYear, func(_ *world, c *registry.Citizen) { c.BirthDate = pdate.Full(1991, 5, 15) },
		civilstatus.CodeCorrection, func(c registry.Citizen) any {
			d := pdate.Full(1990, 5, 15)
			return civilstatus.CorrectionForm{CertificateRef: "CC-1/2026", Ground: "correction", Person: civilstatus.Ref{CitizenID: c.ID}, BirthDate: &d}
		}},
	{quality.CodeIDSex, func(_ *world, c *registry.Citizen) { c.Sex = registry.Female },
		civilstatus.CodeCorrection, func(c registry.Citizen) any {
			return civilstatus.CorrectionForm{CertificateRef: "CC-2/2026", Ground: "correction", Person: civilstatus.Ref{CitizenID: c.ID}, Sex: str("M")}
		}},
	{quality.CodeDateFuture, func(_ *world, c *registry.Citizen) { c.IDNumber, c.BirthDate = "", pdate.Full(2031, 5, 15) },
		civilstatus.CodeCorrection, func(c registry.Citizen) any {
			d := pdate.Full(2021, 5, 15)
			return civilstatus.CorrectionForm{CertificateRef: "CC-3/2026", Ground: "correction", Person: civilstatus.Ref{CitizenID: c.ID}, BirthDate: &d}
		}},
	{quality.CodeChildBeforeParent, func(w *world, c *registry.Citizen) {
		f := w.otherPerson(func(f *registry.Citizen) { f.BirthDate = pdate.Full(1995, 1, 1); f.IDNumber = "042095000901" })
		c.Father = registry.PersonRef{Name: f.FullName, IDNumber: f.IDNumber}
	}, civilstatus.CodeParentage, fatherOutsideRegister},
	{quality.CodeParentTooYoung, func(w *world, c *registry.Citizen) {
		f := w.otherPerson(func(f *registry.Citizen) { f.BirthDate = pdate.Full(1982, 1, 1); f.IDNumber = "042082000902" })
		c.Father = registry.PersonRef{Name: f.FullName, IDNumber: f.IDNumber}
	}, civilstatus.CodeParentage, fatherOutsideRegister},
	{quality.CodeHouseholdNoHead, func(_ *world, c *registry.Citizen) { c.HouseholdRef, c.RelationToHead = "HX-1", "child" },
		civilstatus.CodeHousehold, func(c registry.Citizen) any {
			return civilstatus.HouseholdForm{Person: civilstatus.Ref{CitizenID: c.ID}, RelationToHead: "head"}
		}},
	{quality.CodeHouseholdManyHeads, func(w *world, c *registry.Citizen) {
		c.HouseholdRef, c.RelationToHead = "HX-2", "head"
		w.otherPerson(func(o *registry.Citizen) {
			o.IDNumber, o.HouseholdRef, o.RelationToHead = "042090000903", "HX-2", "head"
		})
	}, civilstatus.CodeHousehold, func(c registry.Citizen) any {
		return civilstatus.HouseholdForm{Person: civilstatus.Ref{CitizenID: c.ID}, RelationToHead: "spouse"}
	}},
	{quality.CodeDuplicateOldNumber, func(w *world, c *registry.Citizen) {
		c.OldIDNumber = "183456789"
		w.otherPerson(func(o *registry.Citizen) { o.IDNumber, o.OldIDNumber = "042090000904", "183456789" })
	}, civilstatus.CodeConfirmOldID, func(c registry.Citizen) any {
		return civilstatus.OldNumberForm{Person: civilstatus.Ref{CitizenID: c.ID}, OldIDNumber: "183456780", DocumentRef: "CMND gốc"}
	}},
}

func reestablish(c registry.Citizen) any {
	return civilstatus.NumberForm{Person: civilstatus.Ref{CitizenID: c.ID}, Ground: "entry_error", DocumentRef: "Giấy khai sinh bản sao"}
}

func fatherOutsideRegister(c registry.Citizen) any {
	return civilstatus.ParentageForm{CertificateRef: "NCMC-1/2026", Child: civilstatus.Ref{CitizenID: c.ID}, As: "father", ParentName: "Nguyễn Văn Cha"}
}

// dossierView is what the API answers for a dossier.
type dossierView struct {
	ID      string `json:"id"`
	State   string `json:"state"`
	Version int    `json:"version"`
}

// file receives a dossier at the desk as user and, unless the kind decided
// it on reception, has approver approve it.
func (w *world) file(user, approver, kind string, form any) (dossierView, int, string) {
	w.t.Helper()
	raw, err := json.Marshal(form)
	if err != nil {
		w.t.Fatal(err)
	}
	rec := w.apiDo("POST", "/api/v1/dossiers", user, map[string]any{"kind": kind, "form": json.RawMessage(raw),
		"applicant": map[string]any{"full_name": "Người yêu cầu", "relation": "self"}})
	var d dossierView
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &d) != nil {
		return d, rec.Code, rec.Body.String()
	}
	if d.State != "received" {
		return d, rec.Code, ""
	}
	rec = w.apiDo("POST", "/api/v1/dossiers/"+d.ID+"/steps", approver, map[string]any{"action": "approve", "version": d.Version})
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &d) != nil {
		return d, rec.Code, rec.Body.String()
	}
	return d, rec.Code, ""
}

// TestRecordRuleFindingsResolveThroughProcedures: the rules whose fields
// only a civil-status or ID-number decision may change are resolved by
// that decision, filed at the desk of the commune that keeps the record.
func TestRecordRuleFindingsResolveThroughProcedures(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		for i, f := range procedureFixes {
			c := cleanRecord(100 + i)
			f.trigger(w, &c)
			stored, err := w.seed(c)
			if err != nil {
				t.Fatal(err)
			}
			if !w.findingCodes("xa.thanhsen", stored.ID)[f.code] {
				t.Errorf("%s: the stored record does not trigger the rule", f.code)
				continue
			}
			if d, code, body := w.file("xa.thanhsen", "tinh.hatinh", f.kind, f.form(stored)); body != "" {
				t.Errorf("%s: %s dossier %s refused: %d %s", f.code, f.kind, d.ID, code, body)
				continue
			}
			if w.findingCodes("xa.thanhsen", stored.ID)[f.code] {
				t.Errorf("%s: still reported after the %s procedure", f.code, f.kind)
			}
		}
	})
}

// TestDeathRegistrationLeavesNoResidenceFinding: a death registered
// through the khai tử procedure at the desk deletes the residence
// registration in the same version, so residence.dead_with_residence
// cannot fire for it.
func TestDeathRegistrationLeavesNoResidenceFinding(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		hung := w.citizens["hung"]
		if _, code, body := w.file("xa.thanhsen", "", civilstatus.CodeDeath, civilstatus.DeathForm{CertificateRef: "KT-9/2026",
			Person: civilstatus.Ref{IDNumber: hung.IDNumber}, DeathDate: pdate.Full(2026, 1, 2)}); body != "" {
			t.Fatalf("death dossier: %d %s", code, body)
		}
		cur := w.current(hung.ID)
		if cur.Status != registry.Dead || cur.Permanent.DeletedFor != registry.DeletedForDeath || cur.Permanent.Commune != "18073" {
			t.Errorf("after the death: %s %+v", cur.Status, cur.Permanent)
		}
		if w.findingCodes("xa.thanhsen", hung.ID)[quality.CodeDeadWithResidence] {
			t.Errorf("%s fires for a death registered through the procedure", quality.CodeDeadWithResidence)
		}
	})
}
