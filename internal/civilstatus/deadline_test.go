package civilstatus_test

import (
	"testing"
	"time"

	"dancu/internal/civilstatus"
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// TestDeadlinesAcrossTetForEachKind: every kind's dossier, received on
// the Friday before Tết 2026 (Monday 16 to Friday 20 February), is due
// its working days later, the weekends and the five days of Tết left out:
// 1 working day → Monday 23, 3 → Wednesday 25 February, 7 → Tuesday
// 3 March.
func TestDeadlinesAcrossTetForEachKind(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		father, mother := e.family()
		single := e.person("Lê Văn Độc", "042088000777", registry.Male, pdate.Full(1988, 3, 3), "HT-003", "head")
		fits := e.person("Phan Thị Sai", "042095000888", registry.Female, pdate.Full(1995, 4, 4), "HT-004", "head") // a male number
		e.now = time.Date(2026, 2, 13, 2, 0, 0, 0, time.UTC)                                                        // Friday 13 February, 09:00
		name := "Trần Thị Hoà"
		forms := map[string]any{
			civilstatus.CodeBirth: civilstatus.BirthForm{CertificateRef: "KS-2/2026", FullName: "Nguyễn Văn Tết", BirthDate: pdate.Full(2026, 2, 12),
				Sex: "M", BirthRegistration: registry.Place{Code: "18073"}, Father: &civilstatus.Ref{IDNumber: father.IDNumber}},
			civilstatus.CodeDeath: civilstatus.DeathForm{CertificateRef: "KT-2/2026", Person: civilstatus.Ref{CitizenID: single.ID}, DeathDate: pdate.Full(2026, 2, 12)},
			civilstatus.CodeMarriage: civilstatus.CoupleForm{CertificateRef: "KH-2/2026", Spouse1: civilstatus.Ref{CitizenID: father.ID},
				Spouse2: civilstatus.Ref{CitizenID: mother.ID}, Date: pdate.Full(2026, 2, 12)},
			civilstatus.CodeDivorce: civilstatus.CoupleForm{CertificateRef: "LH-2/2026", Spouse1: civilstatus.Ref{CitizenID: father.ID},
				Spouse2: civilstatus.Ref{CitizenID: mother.ID}, Date: pdate.Full(2026, 2, 13)},
			civilstatus.CodeParentage: civilstatus.ParentageForm{CertificateRef: "NCMC-2/2026", Child: civilstatus.Ref{CitizenID: fits.ID}, As: "father",
				ParentName: "Phan Văn Cha"},
			civilstatus.CodeCorrection: civilstatus.CorrectionForm{CertificateRef: "CC-2/2026", Ground: "correction", Person: civilstatus.Ref{CitizenID: mother.ID},
				FullName: &name},
			civilstatus.CodeHousehold:   civilstatus.HouseholdForm{Person: civilstatus.Ref{CitizenID: mother.ID}, RelationToHead: "spouse"},
			civilstatus.CodeReestablish: civilstatus.NumberForm{Person: civilstatus.Ref{CitizenID: fits.ID}, Ground: "entry_error", DocumentRef: "Giấy khai sinh"},
			civilstatus.CodeCancel:      civilstatus.NumberForm{Person: civilstatus.Ref{CitizenID: father.ID}, Ground: "issued_in_error", DocumentRef: "Biên bản"},
			civilstatus.CodeConfirmOldID: civilstatus.OldNumberForm{Person: civilstatus.Ref{CitizenID: father.ID}, OldIDNumber: "183456789",
				DocumentRef: "CMND gốc"},
		}
		due := map[int]string{1: "2026-02-23", 3: "2026-02-25", 7: "2026-03-03"}
		for _, k := range civilstatus.Kinds() {
			info := k.Info()
			form, ok := forms[info.Code]
			if !ok {
				t.Errorf("%s: no form in this test", info.Code)
				continue
			}
			d, err := e.receive(xaThanhSen, info.Code, form)
			if err != nil {
				t.Errorf("%s: %v", info.Code, err)
				continue
			}
			if got := d.Deadline.Due.String(); got != due[info.WorkingDays] || due[info.WorkingDays] == "" {
				t.Errorf("%s (%d working days) received Friday before Tết: due %s, want %s", info.Code, info.WorkingDays, got, due[info.WorkingDays])
			}
		}
	})
}
