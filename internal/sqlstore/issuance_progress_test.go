package sqlstore_test

import (
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// TestIssuanceProgress counts two days of a campaign in Thành Sen and
// rolls them up to Hà Tĩnh, against quotas and the eligible population.
func TestIssuanceProgress(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		svc := issuanceService(e)
		ts := station(t, svc, "HT-TS", "18073")
		tp := station(t, svc, "HT-TP", "18100")
		prov := station(t, svc, "HT-TINH", "42")
		if err := svc.SetQuota(ctx, xaThanhSen, issuance.Quota{Unit: "18073", From: day("2026-01-01"), To: day("2026-03-31"), Target: 4}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("commune sets a quota: %v", err)
		}
		for _, q := range []issuance.Quota{
			{Unit: "18073", From: day("2026-01-01"), To: day("2026-03-31"), Target: 4},
			{Unit: "42", From: day("2026-01-01"), To: day("2026-03-31"), Target: 8},
		} {
			if err := svc.SetQuota(ctx, tinhHaTinh, q); err != nil {
				t.Fatal(err)
			}
		}
		// Thành Sen: 6 residents must hold a card, one is 10 years old.
		var ts6 []string
		for i := range 6 {
			ts6 = append(ts6, person(t, e, 200+i, "18073", "1985-03-03").ID)
		}
		person(t, e, 210, "18073", "2016-01-01")
		tpPeople := []string{person(t, e, 220, "18100", "1970-01-01").ID, person(t, e, 221, "18100", "1970-01-01").ID}

		// Monday: 2 received in Thành Sen, one of them handed over by Tuesday.
		first := apply(t, svc, ts, mustCitizen(t, e, ts6[0]), issuance.FirstIssuance, "")
		apply(t, svc, ts, mustCitizen(t, e, ts6[1]), issuance.FirstIssuance, "")
		e.clock.advance(24 * time.Hour) // Tuesday
		for _, step := range happyPath {
			if _, err := svc.Transition(ctx, step.by, fullMove(first.ID, step.to, day("2026-01-06"))); err != nil {
				t.Fatal(err)
			}
		}
		// Tuesday: 1 more in Thành Sen, 1 in Trần Phú, 1 at the province office.
		apply(t, svc, ts, mustCitizen(t, e, ts6[2]), issuance.FirstIssuance, "")
		for i, st := range []issuance.Station{tp, prov} {
			if _, err := svc.Apply(ctx, tinhHaTinh, issuance.NewApplication{CitizenID: tpPeople[i], StationID: st.ID, Type: issuance.Conversion}); err != nil {
				t.Fatal(err)
			}
		}

		p, err := svc.Progress(ctx, xaThanhSen, "18073", day("2026-01-06"))
		if err != nil {
			t.Fatal(err)
		}
		want := issuance.Progress{Total: issuance.Counts{Received: 3, Produced: 1, HandedOver: 1},
			Today: issuance.Counts{Received: 1, Produced: 1, HandedOver: 1}, Previous: issuance.Counts{Received: 2},
			Change: issuance.Counts{Received: -1, Produced: 1, HandedOver: 1}, Eligible: 6, Covered: 3}
		if p.Total != want.Total || p.Today != want.Today || p.Previous != want.Previous || p.Change != want.Change ||
			p.Eligible != want.Eligible || p.Covered != want.Covered || p.Quota == nil || p.Quota.Target != 4 {
			t.Errorf("Thành Sen = %+v, want %+v", p, want)
		}
		if got := p.PercentOfTarget(); got != 75 {
			t.Errorf("percent of target = %v", got)
		}
		if got := p.PercentCovered(); got != 50 {
			t.Errorf("percent covered = %v", got)
		}

		// Hà Tĩnh rolls up both communes and its own office.
		p, err = svc.Progress(ctx, tinhHaTinh, "42", day("2026-01-06"))
		if err != nil {
			t.Fatal(err)
		}
		if p.Total.Received != 5 || p.Today.Received != 3 || p.Eligible != 8 || p.Covered != 5 || p.PercentOfTarget() != 62.5 {
			t.Errorf("Hà Tĩnh = %+v", p)
		}
		if _, err := svc.Progress(ctx, xaThanhSen, "42", day("2026-01-06")); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("commune reads its province: %v", err)
		}
		// Late: Monday's open application was promised for 2026-01-14,
		// Tuesday's three for 2026-01-15; the handed-over one is not late.
		latePage, err := svc.LatePageOn(ctx, tinhHaTinh, day("2026-01-19"), 0, "")
		late := latePage.Items
		if err != nil || len(late) != 4 || late[0].WorkingDaysOverdue != 3 || late[3].WorkingDaysOverdue != 2 {
			t.Errorf("late on 2026-01-19 = %+v, %v", late, err)
		}
		if late, _ := svc.LatePageOn(ctx, tinhHaTinh, day("2026-01-14"), 0, ""); len(late.Items) != 0 {
			t.Errorf("late on the promised day = %d", len(late.Items))
		}
	})
}
