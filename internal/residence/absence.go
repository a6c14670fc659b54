package residence

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// AbsenceCase is one of the four cases of Luật Cư trú 2020 art. 31(1).
type AbsenceCase struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	// MinMonths and MinDays are the absence from which the case must be
	// declared; Supervised cases need the supervising authority's
	// written consent (a supervisor_consent document).
	MinMonths  int  `json:"min_months,omitempty"`
	MinDays    int  `json:"min_days,omitempty"`
	Supervised bool `json:"supervised,omitempty"`
}

// AbsenceCases are art. 31(1)(a) to (d). Case c names the district,
// which no longer exists since July 2025: it is read as the commune.
var AbsenceCases = []AbsenceCase{
	{"a", "Bị can, bị cáo tại ngoại, người bị kết án chưa thi hành, hưởng án treo, quản chế, cải tạo không giam giữ, tha tù có điều kiện: đi khỏi xã từ 01 ngày",
		"Suspects and defendants on bail, convicts on suspended or non-custodial sentences, parolees: leaving the commune 1 day or more", 0, 1, true},
	{"b", "Người chấp hành biện pháp giáo dục tại xã hoặc đang được hoãn, tạm đình chỉ biện pháp xử lý hành chính: đi khỏi xã từ 01 ngày",
		"People under administrative measures (education in the commune, suspended measures): leaving the commune 1 day or more", 0, 1, true},
	{"c", "Người trong độ tuổi nghĩa vụ quân sự hoặc có nghĩa vụ khác với Nhà nước: đi khỏi nơi thường trú từ 03 tháng liên tục",
		"Military-service age or other state duties: leaving the place of permanent residence 3 months or more", 3, 0, false},
	{"d", "Người khác đi khỏi xã nơi thường trú từ 12 tháng liên tục (trừ khi đã đăng ký tạm trú nơi mới hoặc xuất cảnh)",
		"Anyone else leaving the commune of permanent residence 12 months or more (unless registered tạm trú elsewhere, or abroad)", 12, 0, false},
}

// AbsenceForm is khai báo tạm vắng.
type AbsenceForm struct {
	CitizenID   string     `json:"citizen_id"`
	Case        string     `json:"case"`
	From        pdate.Date `json:"from"`
	Until       pdate.Date `json:"until"`
	Destination string     `json:"destination"`
	Reason      string     `json:"reason"`
	// Supervisor is the authority supervising a case a or b person.
	Supervisor string `json:"supervisor,omitempty"`
}

// AbsenceKind is khai báo tạm vắng (1 working day; complex cases are
// extended by the officer's supplement request).
var AbsenceKind = procedure.Typed[AbsenceForm]{
	Meta: procedure.Info{Online: true, Code: "residence.absence", NameVI: "Khai báo tạm vắng", NameEN: "Temporary absence declaration",
		TTHC: "1.003677", LegalBasis: "Luật Cư trú 2020 Điều 31; NĐ 154/2024", WorkingDays: 1},
	Validate: validateAbsence,
	Do:       applyAbsence,
}

func absenceCase(code string) (AbsenceCase, bool) {
	for _, c := range AbsenceCases {
		if c.Code == code {
			return c, true
		}
	}
	return AbsenceCase{}, false
}

func validateAbsence(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *AbsenceForm) error {
	var p problems
	c, ok := living(ctx, env, &p, "citizen_id", f.CitizenID)
	if ok && !c.Permanent.Registered() {
		p.add("citizen_id", "has no registered permanent residence to be absent from")
	}
	ac, known := absenceCase(f.Case)
	if !known {
		p.add("case", "one of a, b, c, d (Luật Cư trú 2020 Điều 31.1)")
	}
	text(&p, "destination", &f.Destination, 200, true)
	text(&p, "reason", &f.Reason, 200, true)
	text(&p, "supervisor", &f.Supervisor, 200, known && ac.Supervised)
	switch {
	case !fullDate(f.From) || f.From.Compare(addDate(today(env), 0, 0, -30)) < 0:
		p.add("from", "a full date no more than 30 days ago")
	case !fullDate(f.Until) || f.Until.Compare(f.From) < 0:
		p.add("until", "a full date on or after the start")
	case known && f.Until.Compare(addDate(f.From, 0, ac.MinMonths, ac.MinDays)) < 0:
		p.add("until", "case %s is an absence of at least %d months %d days; a shorter one need not be declared", ac.Code, ac.MinMonths, ac.MinDays)
	}
	if err := p.err("absence declaration"); err != nil {
		return err
	}
	d.Subjects = []procedure.Subject{{CitizenID: c.ID, Role: "absentee"}}
	d.Unit, d.Province = c.Permanent.Commune, c.Permanent.Province
	return nil
}

func applyAbsence(ctx context.Context, env procedure.Env, d *procedure.Dossier, f AbsenceForm) error {
	if ac, _ := absenceCase(f.Case); ac.Supervised && !d.HasDocument("supervisor_consent") {
		return apperr.New(apperr.Conflict, "case %s needs the supervising authority's written consent: attach it (supervisor_consent)", f.Case)
	}
	err := env.Register.Amend(ctx, f.CitizenID, func(c *registry.Citizen) error {
		if err := stillAlive(c); err != nil {
			return err
		}
		c.Absence = registry.Absence{Case: f.Case, From: f.From, Until: f.Until, Destination: f.Destination, Reason: f.Reason}
		return nil
	}, env.Meta)
	return err
}
