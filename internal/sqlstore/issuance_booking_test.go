package sqlstore_test

import (
	"dancu/internal/wire"
	"sync"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
	"dancu/internal/registry"
)

// TestIssuanceConcurrentBooking races more citizens than places for one
// slot: exactly the capacity gets in, with distinct queue numbers.
func TestIssuanceConcurrentBooking(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		svc := issuanceService(e)
		st := station(t, svc, "HT-TS", "18073") // 1 machine, 5 min per intake: 6 per 30-minute slot
		const racers = 16
		people := make([]registry.Citizen, racers)
		for i := range people {
			people[i] = person(t, e, 100+i, "18073", "1990-01-01")
		}
		var wg sync.WaitGroup
		results := make([]error, racers)
		queues := make([]int, racers)
		for i := range people {
			wg.Go(func() {
				a, err := svc.Book(ctx, xaThanhSen, st.ID, people[i].ID, day("2026-01-06"), 9*60)
				results[i], queues[i] = err, a.Queue
			})
		}
		wg.Wait()
		booked, seen := 0, map[int]bool{}
		for i, err := range results {
			switch {
			case err == nil:
				booked++
				if seen[queues[i]] {
					t.Errorf("queue number %d given twice", queues[i])
				}
				seen[queues[i]] = true
			case !apperr.Is(err, apperr.Conflict):
				t.Errorf("booking %d: %v, want conflict when full", i, err)
			}
		}
		if booked != 6 {
			t.Errorf("%d bookings in a slot of 6", booked)
		}
		for q := 1; q <= 6; q++ {
			if !seen[q] {
				t.Errorf("queue numbers %v are not 1…6", seen)
			}
		}
	})
}

func TestIssuanceAppointments(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		svc := issuanceService(e)
		st := station(t, svc, "HT-TS", "18073")
		other := station(t, svc, "HT-TP", "18100")
		a, b := person(t, e, 1, "18073", "1990-01-01"), person(t, e, 2, "18073", "1991-01-01")
		monday := day("2026-01-05")
		first, err := svc.Book(ctx, xaThanhSen, st.ID, a.ID, monday, 8*60)
		if err != nil || first.Queue != 1 || first.Kind != issuance.Booked {
			t.Fatalf("book = %+v, %v", first, err)
		}
		if _, err := svc.Book(ctx, tinhHaTinh, other.ID, a.ID, monday, 9*60); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second active booking the same day: %v", err)
		}
		if _, err := svc.Book(ctx, xaTranPhu, st.ID, b.ID, monday, 8*60); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("booking at another commune's station: %v", err)
		}
		if _, err := svc.Book(ctx, xaThanhSen, st.ID, b.ID, day("2026-01-10"), 8*60); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("Saturday: %v", err)
		}
		if _, err := svc.Book(ctx, xaThanhSen, st.ID, b.ID, monday, 8*60+5); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("no slot at 08:05: %v", err)
		}
		if _, err := svc.MarkNoShow(ctx, xaThanhSen, first.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("no-show before the slot: %v", err)
		}
		e.clock.advance(90 * time.Minute) // 08:30, the 08:00 slot is over
		if got, err := svc.MarkNoShow(ctx, xaThanhSen, first.ID); err != nil || got.State != issuance.AppointmentNoShow {
			t.Errorf("no-show = %+v, %v", got, err)
		}
		if _, err := svc.Cancel(ctx, xaThanhSen, first.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("cancel after no-show: %v", err)
		}
		walk, err := svc.WalkIn(ctx, xaThanhSen, st.ID, b.ID)
		if err != nil || walk.Queue != 2 || walk.Kind != issuance.WalkIn || walk.SlotStart != 8*60+30 {
			t.Errorf("walk-in = %+v, %v", walk, err)
		}
		later, err := svc.Book(ctx, xaThanhSen, st.ID, a.ID, day("2026-01-06"), 14*60)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := svc.Cancel(ctx, xaThanhSen, later.ID); err != nil || got.State != issuance.AppointmentCancelled {
			t.Errorf("cancel = %+v, %v", got, err)
		}
		_, view, _ := svc.DayView(ctx, st.ID, monday)
		if v := view[1]; v.Expected != 1 || v.NoShow != 1 || v.Free != 5 {
			t.Errorf("08:00 = %+v", v)
		}
		if v := view[2]; v.WalkIns != 1 || v.Expected != 0 || v.Free != 6 {
			t.Errorf("08:30 = %+v", v)
		}
	})
}

// TestIssuanceInvite invites the residents of Thành Sen who must hold a
// card and have none, over the free places of a day.
func TestIssuanceInvite(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		svc := issuanceService(e)
		st := station(t, svc, "HT-TS", "18073")
		var want []string
		for i := range 8 {
			want = append(want, person(t, e, 10+i, "18073", "1990-01-01").ID)
		}
		person(t, e, 30, "18073", "2012-01-07")                   // 13 on 2026-01-06
		person(t, e, 31, "18100", "1990-01-01")                   // another commune
		want = append(want, person(t, e, 32, "18073", "2012").ID) // year only: counted from 1 January
		dead := person(t, e, 33, "18073", "1950-01-01")
		if _, err := wire.Register(e.db).Update(ctx, dead.ID, dead.Version, func(c *registry.Citizen) error { c.Status = registry.Dead; return nil }, officer); err != nil {
			t.Fatal(err)
		}
		// One resident already applied: not invited.
		applied := person(t, e, 34, "18073", "1990-01-01")
		apply(t, svc, st, applied, issuance.FirstIssuance, "")

		// Fill the first slot except one place, so invitations spill over;
		// the people of Trần Phú are booked by the province, which covers
		// them (a commune books only its own residents).
		tuesday := day("2026-01-06")
		for i := range 5 {
			if _, err := svc.Book(ctx, tinhHaTinh, st.ID, person(t, e, 40+i, "18100", "1990-01-01").ID, tuesday, 7*60+30); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.Invite(ctx, xaTranPhu, st.ID, "18073", tuesday, 0); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("invite by another commune: %v", err)
		}
		got, err := svc.Invite(ctx, xaThanhSen, st.ID, "18073", tuesday, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%d invited, want %d: %+v", len(got), len(want), got)
		}
		invited := map[string]bool{}
		for _, a := range got {
			invited[a.CitizenID] = a.Kind == issuance.Invited
		}
		for _, id := range want {
			if !invited[id] {
				t.Errorf("%s not invited", id)
			}
		}
		if got[0].SlotStart != 7*60+30 || got[1].SlotStart != 8*60 || got[0].Queue != 6 {
			t.Errorf("spread: first %+v, second %+v", got[0], got[1])
		}
		again, err := svc.Invite(ctx, xaThanhSen, st.ID, "18073", tuesday, 0)
		if err != nil || len(again) != 0 {
			t.Errorf("second invitation round = %d, %v", len(again), err)
		}
	})
}
