package civilstatus_test

import (
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/civilstatus"
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// TestFormsTheRegisterRefuses: each form the register's data contradicts
// is refused on reception with a specific error, and changes nothing.
func TestFormsTheRegisterRefuses(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		father, mother := e.family()
		young := e.person("Lê Văn Nhỏ", "042208000111", registry.Male, pdate.Full(2008, 3, 3), "HT-005", "head")
		lone := e.person("Đỗ Thị Một", "042194000222", registry.Female, pdate.Full(1994, 3, 3), "", "")
		same := "Nguyễn Văn Hùng"
		cases := []struct {
			name string
			kind string
			form any
			code apperr.Code
		}{
			{"a groom under 20", civilstatus.CodeMarriage, civilstatus.CoupleForm{CertificateRef: "KH", Spouse1: civilstatus.Ref{CitizenID: young.ID},
				Spouse2: civilstatus.Ref{CitizenID: mother.ID}, Date: pdate.Full(2026, 1, 2)}, apperr.Invalid},
			{"a divorce of people the register does not marry", civilstatus.CodeDivorce, civilstatus.CoupleForm{CertificateRef: "LH",
				Spouse1: civilstatus.Ref{CitizenID: father.ID}, Spouse2: civilstatus.Ref{CitizenID: mother.ID}, Date: pdate.Full(2026, 1, 2)}, apperr.Invalid},
			{"a birth whose parent has no household", civilstatus.CodeBirth, civilstatus.BirthForm{CertificateRef: "KS", FullName: "Đỗ Văn Con",
				BirthDate: pdate.Full(2026, 1, 2), Sex: "M", BirthRegistration: registry.Place{Code: "18073"}, Mother: &civilstatus.Ref{CitizenID: lone.ID}}, apperr.Invalid},
			{"a birth in the future", civilstatus.CodeBirth, civilstatus.BirthForm{CertificateRef: "KS", FullName: "Nguyễn Văn Mai",
				BirthDate: pdate.Full(2026, 2, 2), Sex: "M", BirthRegistration: registry.Place{Code: "18073"}, Father: &civilstatus.Ref{CitizenID: father.ID}}, apperr.Invalid},
			{"a birth registered in an unknown commune", civilstatus.CodeBirth, civilstatus.BirthForm{CertificateRef: "KS", FullName: "Nguyễn Văn Mai",
				BirthDate: pdate.Full(2026, 1, 2), Sex: "M", BirthRegistration: registry.Place{Code: "99999"}, Father: &civilstatus.Ref{CitizenID: father.ID}}, apperr.Invalid},
			{"a woman recognised as father", civilstatus.CodeParentage, civilstatus.ParentageForm{CertificateRef: "NCMC", Child: civilstatus.Ref{CitizenID: young.ID},
				As: "father", Parent: &civilstatus.Ref{CitizenID: mother.ID}}, apperr.Invalid},
			{"a correction that changes nothing", civilstatus.CodeCorrection, civilstatus.CorrectionForm{CertificateRef: "CC", Ground: "correction",
				Person: civilstatus.Ref{CitizenID: father.ID}, FullName: &same}, apperr.Invalid},
			{"a death before the birth", civilstatus.CodeDeath, civilstatus.DeathForm{CertificateRef: "KT", Person: civilstatus.Ref{CitizenID: young.ID},
				DeathDate: pdate.Full(2001, 1, 1)}, apperr.Invalid},
			{"an old number of 8 digits", civilstatus.CodeConfirmOldID, civilstatus.OldNumberForm{Person: civilstatus.Ref{CitizenID: father.ID},
				OldIDNumber: "18345678", DocumentRef: "CMND"}, apperr.Invalid},
			{"an unknown ground", civilstatus.CodeReestablish, civilstatus.NumberForm{Person: civilstatus.Ref{CitizenID: father.ID},
				Ground: "because", DocumentRef: "x"}, apperr.Invalid},
			{"a person the register does not hold", civilstatus.CodeDeath, civilstatus.DeathForm{CertificateRef: "KT",
				Person: civilstatus.Ref{IDNumber: "042090999999"}, DeathDate: pdate.Full(2026, 1, 1)}, apperr.Invalid},
		}
		for _, c := range cases {
			before := e.current(father.ID).Version + e.current(mother.ID).Version + e.current(young.ID).Version
			_, err := e.receive(xaThanhSen, c.kind, c.form)
			if !apperr.Is(err, c.code) {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
			if after := e.current(father.ID).Version + e.current(mother.ID).Version + e.current(young.ID).Version; after != before {
				t.Errorf("%s: a refused dossier changed the register", c.name)
			}
		}
	})
}
