package residence

import (
	"context"
	"fmt"
	"time"

	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// MaxStayDays: a stay of 30 days or more outside the permanent commune is
// a tạm trú to register (art. 27(1)), not a lưu trú notice.
const MaxStayDays = 29

// Guest is a person whose stay is notified, found by record id or by
// number (số định danh, or an old CMND number).
type Guest struct {
	CitizenID string `json:"citizen_id,omitempty"`
	IDNumber  string `json:"id_number,omitempty"`
}

// StayForm is thông báo lưu trú (art. 30): who stays, where, from when,
// until when and why. The host (or the establishment) is the applicant.
type StayForm struct {
	Guests  []Guest    `json:"guests"`
	Commune string     `json:"commune"`
	Address string     `json:"address"`
	Arrival time.Time  `json:"arrival"`
	Until   pdate.Date `json:"until"`
	Reason  string     `json:"reason"`
	// Relatives: close relatives who stay repeatedly notify once (art.
	// 30(3)); the notice then covers the stays to come.
	Relatives bool   `json:"relatives,omitempty"`
	Province  string `json:"province,omitempty"` // filled when received
	// NoticeBy is the legal limit of the notice and Late whether it was
	// given after it (filled when received).
	NoticeBy time.Time `json:"notice_by,omitzero"`
	Late     bool      `json:"late,omitempty"`
}

// StayKind is thông báo lưu trú: received and recorded at once.
var StayKind = procedure.Typed[StayForm]{
	Meta: procedure.Info{Online: true, Code: "residence.stay_notice", NameVI: "Thông báo lưu trú", NameEN: "Stay notice",
		TTHC: "2.001159", LegalBasis: "Luật Cư trú 2020 Điều 30; NĐ 154/2024", Immediate: true},
	Validate: validateStay,
}

// NoticeLimit is the latest time a stay beginning at arrival is notified:
// 23:00 on the day of arrival, or 08:00 the next day when the guest
// arrives after 23:00 (art. 30(4)), in Vietnam's time.
func NoticeLimit(arrival time.Time) time.Time {
	a := arrival.In(procedure.Vietnam)
	y, m, d := a.Date()
	limit := time.Date(y, m, d, 23, 0, 0, 0, procedure.Vietnam)
	if !a.Before(limit) {
		limit = time.Date(y, m, d+1, 8, 0, 0, 0, procedure.Vietnam)
	}
	return limit
}

func validateStay(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *StayForm) error {
	var p problems
	if len(f.Guests) == 0 || len(f.Guests) > MaxMembers {
		p.add("guests", "one to %d guests", MaxMembers)
	}
	d.Subjects = nil
	for i, g := range f.Guests {
		c, ok := guest(ctx, env, &p, i, g)
		if ok {
			f.Guests[i] = Guest{CitizenID: c.ID, IDNumber: c.IDNumber}
			d.Subjects = append(d.Subjects, procedure.Subject{CitizenID: c.ID, Role: "guest"})
		}
	}
	prov, ok := communeOf(env.Units, f.Commune)
	if !ok {
		p.add("commune", "required: a commune code of the current unit list")
	}
	f.Province = prov
	text(&p, "address", &f.Address, 200, true)
	text(&p, "reason", &f.Reason, 200, true)
	arrived := procedure.Day(f.Arrival)
	switch {
	case f.Arrival.IsZero() || f.Arrival.After(env.Now.Add(7*24*time.Hour)):
		p.add("arrival", "required: the arrival time (RFC 3339), at most a week ahead")
	case !fullDate(f.Until) || f.Until.Compare(arrived) < 0:
		p.add("until", "a full date on or after the day of arrival")
	case f.Until.Compare(addDate(arrived, 0, 0, MaxStayDays)) > 0:
		p.add("until", "a stay of 30 days or more is a tạm trú registration (art. 27), not a lưu trú notice")
	}
	if err := p.err("stay notice"); err != nil {
		return err
	}
	f.NoticeBy = NoticeLimit(f.Arrival)
	f.Late = env.Now.After(f.NoticeBy)
	d.Unit, d.Province = f.Commune, f.Province
	return nil
}

// guest finds a notified guest in the register.
func guest(ctx context.Context, env procedure.Env, p *problems, i int, g Guest) (registry.Citizen, bool) {
	field := fmt.Sprintf("guests[%d]", i)
	if g.CitizenID != "" {
		return living(ctx, env, p, field+".citizen_id", g.CitizenID)
	}
	if g.IDNumber == "" || len(g.IDNumber) > 20 {
		p.add(field, "a citizen_id or id_number is required")
		return registry.Citizen{}, false
	}
	c, err := env.Citizens.CitizenByIDNumber(ctx, g.IDNumber)
	if err != nil {
		p.add(field+".id_number", "no citizen of the register holds this number (foreigners are notified to the immigration system)")
		return c, false
	}
	return living(ctx, env, p, field+".citizen_id", c.ID)
}
