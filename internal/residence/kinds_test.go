package residence_test

import (
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/residence"
)

// Tạm trú in Hà Nội for a Thành Sen resident, then its extension within
// the 15 days before the term ends.
func TestTemporaryAndExtension(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		p := f.person("Võ Văn Năm", "18073", "42", "HS-5", "head")
		form := residence.TemporaryForm{Members: []residence.Member{{CitizenID: p.ID}}, Commune: "00004", Address: "Ngõ 5",
			Until: pdate.Full(2026, 7, 4), Accommodation: residence.Accommodation{Basis: "rented"}, Consent: residence.Consent{OnForm: true}}
		bad := form
		bad.Until = pdate.Full(2028, 2, 1)
		_, err := f.receive(hanoi, "residence.temporary", bad)
		wantCode(t, err, apperr.Invalid, "a term over two years")
		bad = form
		bad.Commune = "18073"
		_, err = f.receive(thanhSen, "residence.temporary", bad)
		wantCode(t, err, apperr.Invalid, "tạm trú in the commune of permanent residence")
		d := f.mustReceive(hanoi, "residence.temporary", form)
		f.attach(hanoi, d.ID, "accommodation_proof")
		if _, err := f.step(hanoi, d.ID, procedure.ActApprove, ""); err != nil {
			t.Fatal(err)
		}
		c := f.citizen(p.ID)
		if c.Temporary.Commune != "00004" || c.Temporary.Until.String() != "2026-07-04" || c.Permanent.Commune != "18073" {
			t.Fatalf("tạm trú: %+v", c.Temporary)
		}
		ext := residence.ExtensionForm{Members: []residence.Member{{CitizenID: p.ID}}, Until: pdate.Full(2027, 7, 4),
			Accommodation: residence.Accommodation{Basis: "rented", LookupRef: "HĐ thuê 12/2026"}}
		_, err = f.receive(hanoi, "residence.temporary_extension", ext)
		wantCode(t, err, apperr.Invalid, "an extension six months early")
		f.clock.t = time.Date(2026, 6, 22, 2, 0, 0, 0, time.UTC) // 12 days before the end
		too := ext
		too.Until = pdate.Full(2028, 7, 5)
		_, err = f.receive(hanoi, "residence.temporary_extension", too)
		wantCode(t, err, apperr.Invalid, "an extension over two years")
		d = f.mustReceive(hanoi, "residence.temporary_extension", ext)
		if _, err := f.step(hanoi, d.ID, procedure.ActApprove, ""); err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.Residence.History(ctx, thanhSen, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c := h.Changes[0]; c.Action != residence.Extended || c.Registration != residence.Temporary || c.Dossier != d.ID ||
			h.Temporary.Until.String() != "2027-07-04" || h.Changes[1].Action != residence.Registered {
			t.Errorf("history: %+v", h.Changes)
		}
	})
}

// A guest's stay notice is recorded at once, late when given after 23:00
// for a guest who arrived in the day, and changes no registration.
func TestStayNotice(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		g := f.person("Đặng Văn Khách", "18100", "42", "HP-3", "head")
		ict := procedure.Vietnam
		for _, c := range []struct {
			name      string
			arrival   time.Time
			notified  time.Time
			late      bool
			limitHour int
		}{
			{"in the evening, notified at 22:00", time.Date(2026, 1, 5, 18, 0, 0, 0, ict), time.Date(2026, 1, 5, 22, 0, 0, 0, ict), false, 23},
			{"in the evening, notified at 23:30", time.Date(2026, 1, 5, 18, 0, 0, 0, ict), time.Date(2026, 1, 5, 23, 30, 0, 0, ict), true, 23},
			{"after 23:00, notified at 07:30", time.Date(2026, 1, 5, 23, 20, 0, 0, ict), time.Date(2026, 1, 6, 7, 30, 0, 0, ict), false, 8},
		} {
			f.clock.t = c.notified
			d := f.mustReceive(thanhSen, "residence.stay_notice", residence.StayForm{Guests: []residence.Guest{{CitizenID: g.ID}},
				Commune: "18073", Address: "Thôn 3", Arrival: c.arrival, Until: pdate.Full(2026, 1, 9), Reason: "thăm người thân"})
			form, _ := procedure.DecodeForm[residence.StayForm](d.Form)
			if d.State != procedure.Done || d.Outcome != procedure.Approved || form.Late != c.late || form.NoticeBy.In(ict).Hour() != c.limitHour {
				t.Errorf("%s: state %s late %v limit %s", c.name, d.State, form.Late, form.NoticeBy)
			}
		}
		_, err := f.receive(thanhSen, "residence.stay_notice", residence.StayForm{Guests: []residence.Guest{{CitizenID: g.ID}},
			Commune: "18073", Address: "Thôn 3", Arrival: f.clock.t, Until: pdate.Full(2026, 3, 1), Reason: "làm việc"})
		wantCode(t, err, apperr.Invalid, "a stay of 30 days or more")
		if c := f.citizen(g.ID); c.Version != 1 {
			t.Errorf("a notice changed the record (version %d)", c.Version)
		}
	})
}

// Tạm vắng: case d needs 12 months; case a the supervisor's consent.
func TestAbsence(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		p := f.person("Bùi Văn Đi", "18073", "42", "HS-6", "head")
		form := residence.AbsenceForm{CitizenID: p.ID, Case: "d", From: pdate.Full(2026, 1, 10), Until: pdate.Full(2026, 6, 1),
			Destination: "Đài Loan", Reason: "lao động"}
		_, err := f.receive(thanhSen, "residence.absence", form)
		wantCode(t, err, apperr.Invalid, "case d under 12 months")
		form.Until = pdate.Full(2027, 1, 10)
		d := f.mustReceive(thanhSen, "residence.absence", form)
		if d.Deadline.Due.String() != "2026-01-06" {
			t.Errorf("due %s", d.Deadline.Due)
		}
		if _, err := f.step(thanhSen, d.ID, procedure.ActApprove, ""); err != nil {
			t.Fatal(err)
		}
		if c := f.citizen(p.ID); c.Absence.Case != "d" || c.Absence.Until.String() != "2027-01-10" {
			t.Errorf("absence %+v", c.Absence)
		}
		a := residence.AbsenceForm{CitizenID: p.ID, Case: "a", From: pdate.Full(2026, 1, 6), Until: pdate.Full(2026, 1, 8),
			Destination: "Vinh", Reason: "khám bệnh", Supervisor: "Công an xã Thành Sen"}
		d = f.mustReceive(thanhSen, "residence.absence", a)
		_, err = f.step(thanhSen, d.ID, procedure.ActApprove, "")
		wantCode(t, err, apperr.Conflict, "case a without the supervisor's consent")
		f.attach(thanhSen, d.ID, "supervisor_consent")
		if _, err := f.step(thanhSen, d.ID, procedure.ActApprove, ""); err != nil {
			t.Fatal(err)
		}
	})
}

// Deletion is maker-checker; a death deletes the residence by itself and
// the history shows both with their grounds.
func TestDeletionAndDeath(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		p := f.person("Hồ Văn Xa", "18073", "42", "HS-7", "head")
		_, err := f.receive(thanhSen, "residence.permanent_deletion", residence.DeletionForm{CitizenID: p.ID, Ground: "death"})
		wantCode(t, err, apperr.Invalid, "a death ground for a living person")
		_, err = f.receive(thanhSen, "residence.permanent_deletion", residence.DeletionForm{CitizenID: p.ID, Ground: residence.GroundRegisteredElsewhere})
		wantCode(t, err, apperr.Invalid, "a ground that only follows a registration")
		d := f.mustReceive(thanhSen, "residence.permanent_deletion", residence.DeletionForm{CitizenID: p.ID, Ground: "emigrated", Decision: "thông báo XNC 12/2026"})
		_, err = f.step(thanhSen, d.ID, procedure.ActApprove, "")
		wantCode(t, err, apperr.Forbidden, "approval by the officer who prepared it")
		if _, err := f.step(thanhSen2, d.ID, procedure.ActApprove, ""); err != nil {
			t.Fatal(err)
		}
		if c := f.citizen(p.ID); c.Permanent.DeletedFor != "emigrated" || c.Permanent.DeletedOn.String() != "2026-01-05" {
			t.Errorf("deleted %+v", c.Permanent)
		}

		q := f.person("Hồ Thị Mất", "18073", "42", "HS-8", "head")
		_, err = f.svc.Register.Update(ctx, q.ID, 0, func(c *registry.Citizen) error {
			c.Status, c.DeathDate = registry.Dead, pdate.Full(2026, 1, 4)
			return nil
		}, registry.ChangeMeta{Actor: "user:x", Reason: "procedure civil.death, dossier abc123: Đăng ký khai tử (Luật Hộ tịch 2014)"})
		if err != nil {
			t.Fatal(err)
		}
		h, err := f.svc.Residence.History(ctx, thanhSen, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		c := h.Changes[0]
		if c.Action != residence.Deleted || c.Ground == nil || c.Ground.Code != registry.DeletedForDeath ||
			c.Procedure != "civil.death" || c.Dossier != "abc123" || h.Permanent.DeletedOn.String() != "2026-01-04" {
			t.Errorf("death in the history: %+v", c)
		}
	})
}

// The worklist of art. 24(1)(d): living elsewhere 12 months without tạm
// trú or tạm vắng.
func TestAbsenteesWorklist(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		away := f.person("Lý Văn Vắng", "18073", "42", "HS-9", "head")
		covered := f.person("Lý Văn Trú", "18073", "42", "HS-9", "child")
		recent := f.person("Lý Văn Mới", "18073", "42", "HS-9", "child")
		for _, c := range []struct {
			id    string
			since pdate.Date
			temp  bool
		}{{away.ID, pdate.Full(2024, 10, 1), false}, {covered.ID, pdate.Full(2024, 10, 1), true}, {recent.ID, pdate.Full(2025, 6, 1), false}} {
			_, err := f.svc.Register.Update(ctx, c.id, 0, func(z *registry.Citizen) error {
				z.Current = registry.Residence{Commune: "00004", Province: "01", Address: "Ngõ 9", Since: c.since}
				if c.temp {
					z.Temporary = registry.Residence{Commune: "00004", Province: "01", Address: "Ngõ 9", Since: c.since, Until: pdate.Full(2026, 10, 1)}
				}
				return nil
			}, registry.ChangeMeta{Actor: "test", Reason: "seed"})
			if err != nil {
				t.Fatal(err)
			}
		}
		page, err := f.svc.Residence.Absentees(ctx, thanhSen, "18073", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Items[0].CitizenID != away.ID || page.More {
			t.Errorf("worklist %+v", page)
		}
		if _, err := f.svc.Residence.Absentees(ctx, tranPhu, "18073", 0); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("another commune's worklist: %v", err)
		}
	})
}

// Every residence kind's deadline, received on the Friday before Tết 2026
// (Monday 16 to Friday 20 February): the weekends and the five days of Tết
// are not counted.
func TestDeadlinesAcrossTetForEachKind(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		head := f.person("Mai Văn Chủ", "18073", "42", "HS-10", "head")
		p := f.person("Mai Văn Tết", "18100", "42", "HP-10", "head")
		gone := f.person("Mai Văn Xóa", "18073", "42", "HS-11", "head")
		_, err := f.svc.Register.Update(ctx, p.ID, 0, func(c *registry.Citizen) error {
			c.Temporary = registry.Residence{Commune: "00004", Province: "01", Address: "Ngõ 1", Since: pdate.Full(2025, 3, 1), Until: pdate.Full(2026, 2, 25)}
			return nil
		}, registry.ChangeMeta{Actor: "test", Reason: "seed"})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.t = time.Date(2026, 2, 13, 2, 0, 0, 0, time.UTC) // Friday 13 February, 09:00
		acc := residence.Accommodation{Basis: "rented", LookupRef: "x"}
		for _, c := range []struct {
			kind string
			u    func() any
			due  string
		}{
			{"residence.permanent", func() any {
				return residence.PermanentForm{Case: residence.JoinHousehold, Household: "HS-10", Members: []residence.Member{{CitizenID: p.ID, Relation: "other"}},
					Accommodation: acc, Consent: residence.Consent{By: head.ID, OnForm: true}}
			}, "2026-03-03"},
			{"residence.temporary", func() any {
				return residence.TemporaryForm{Members: []residence.Member{{CitizenID: head.ID}}, Commune: "18100", Address: "Tổ 1", Until: pdate.Full(2026, 8, 1), Accommodation: acc}
			}, "2026-02-25"},
			{"residence.temporary_extension", func() any {
				return residence.ExtensionForm{Members: []residence.Member{{CitizenID: p.ID}}, Until: pdate.Full(2027, 2, 25), Accommodation: acc}
			}, "2026-02-25"},
			{"residence.absence", func() any {
				return residence.AbsenceForm{CitizenID: head.ID, Case: "c", From: pdate.Full(2026, 2, 14), Until: pdate.Full(2026, 6, 1), Destination: "Huế", Reason: "làm việc"}
			}, "2026-02-23"},
			{"residence.permanent_deletion", func() any { return residence.DeletionForm{CitizenID: gone.ID, Ground: "home_demolished"} }, "2026-02-23"},
			{"residence.temporary_deletion", func() any { return residence.DeletionForm{CitizenID: p.ID, Ground: "tenancy_ended"} }, "2026-02-23"},
			{"residence.stay_notice", func() any {
				return residence.StayForm{Guests: []residence.Guest{{CitizenID: p.ID}}, Commune: "18073", Address: "Thôn 1",
					Arrival: f.clock.t, Until: pdate.Full(2026, 2, 22), Reason: "ăn Tết"}
			}, "2026-02-13"},
		} {
			u := thanhSen
			if c.kind == "residence.temporary" {
				u = tranPhu
			} else if c.kind == "residence.temporary_extension" || c.kind == "residence.temporary_deletion" {
				u = hanoi
			}
			d, err := f.receive(u, c.kind, c.u())
			if err != nil {
				t.Fatalf("%s: %v", c.kind, err)
			}
			if d.Deadline.Due.String() != c.due {
				t.Errorf("%s: due %s, want %s", c.kind, d.Deadline.Due, c.due)
			}
		}
		// Overdue on the dashboard the working day after.
		f.clock.t = time.Date(2026, 2, 24, 2, 0, 0, 0, time.UTC)
		counts, err := f.svc.Procedures.Counts(ctx, thanhSen, "", procedure.CountQuery{})
		if err != nil {
			t.Fatal(err)
		}
		overdue := map[string]int{}
		for _, c := range counts {
			overdue[c.Kind] += c.Overdue
		}
		if overdue["residence.absence"] != 1 || overdue["residence.permanent_deletion"] != 1 || overdue["residence.permanent"] != 0 {
			t.Errorf("overdue on the dashboard: %v", overdue)
		}
	})
}
