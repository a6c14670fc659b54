package sqlstore_test

import (
	"slices"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
	"dancu/internal/share"
)

// TestIssuanceLifecycle takes an application from reception to hand-over,
// then an exchange that replaces the first card, then a loss.
func TestIssuanceLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		svc := issuanceService(e)
		st := station(t, svc, "HT-TS", "18073")
		hung := person(t, e, 1, "18073", "1990-05-15")
		if _, err := svc.Book(ctx, xaThanhSen, st.ID, hung.ID, day("2026-01-05"), 8*60); err != nil {
			t.Fatal(err)
		}
		e.clock.advance(60 * 60e9) // 08:00
		a := apply(t, svc, st, hung, issuance.FirstIssuance, "")
		if a.State != issuance.Submitted || a.Fee != 0 || !a.PromisedDate.Equal(day("2026-01-14")) || a.IDNumber != hung.IDNumber {
			t.Errorf("new application = %+v", a)
		}
		if _, view, _ := svc.DayView(ctx, st.ID, day("2026-01-05")); view[1].Served != 1 {
			t.Errorf("the booking was not marked served: %+v", view[1])
		}
		if _, err := svc.Apply(ctx, xaThanhSen, issuance.NewApplication{CitizenID: hung.ID, StationID: st.ID, Type: issuance.FirstIssuance}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second application under way: %v", err)
		}
		for _, step := range happyPath {
			got, err := svc.Transition(ctx, step.by, fullMove(a.ID, step.to, day("2026-01-09")))
			if err != nil {
				t.Fatalf("→ %s: %v", step.to, err)
			}
			if got.State != step.to || got.Version != a.Version+1 {
				t.Fatalf("→ %s: got %s v%d", step.to, got.State, got.Version)
			}
			a = got
		}
		hist, err := svc.History(ctx, xaThanhSen, a.ID)
		if err != nil || len(hist) != 7 || hist[0].To != issuance.Submitted || hist[6].From != issuance.Delivered ||
			hist[2].Username != "tinh.hatinh" || hist[2].Role != "province" || hist[2].Unit != "42" {
			t.Errorf("history = %+v, %v", hist, err)
		}
		if v, _ := svc.CardStatus(ctx, hung.IDNumber); v != issuance.Valid {
			t.Errorf("status after hand-over = %s", v)
		}

		// An exchange: the new card replaces the first one on hand-over.
		b := apply(t, svc, st, hung, issuance.Exchange, issuance.InfoChanged)
		if b.Fee != 25_000 {
			t.Errorf("exchange fee = %d", b.Fee)
		}
		for _, step := range happyPath {
			if b, err = svc.Transition(ctx, step.by, fullMove(b.ID, step.to, day("2026-01-12"))); err != nil {
				t.Fatalf("exchange → %s: %v", step.to, err)
			}
		}
		cards, _ := e.db.Issuance().CardsByNumber(ctx, hung.IDNumber)
		if len(cards) != 2 || cards[0].ApplicationID != b.ID || cards[0].State != issuance.CardActive ||
			cards[1].State != issuance.CardRevoked || cards[1].RevokedReason != issuance.RevokedReplaced {
			t.Errorf("cards after exchange = %+v", cards)
		}
		evs, err := e.db.Sharing().Events(ctx, 0, []share.EventType{share.EventCardRevoked}, 10)
		if err != nil || len(evs) != 1 || evs[0].Data["reason"] != issuance.RevokedReplaced || evs[0].Data["id_number"] != hung.IDNumber {
			t.Errorf("card revoked events after the exchange = %+v, %v", evs, err)
		}
		if _, err := svc.Revoke(ctx, xaTranPhu, hung.IDNumber, issuance.RevokedLost); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("revoke by another commune: %v", err)
		}
		if c, err := svc.Revoke(ctx, xaThanhSen, hung.IDNumber, issuance.RevokedLost); err != nil || c.State != issuance.CardRevoked || c.RevokedAt == nil {
			t.Errorf("revoke = %+v, %v", c, err)
		}
		for number, want := range map[string]issuance.Validity{hung.IDNumber: issuance.Revoked, "042000000000": issuance.Unknown} {
			if v, _ := svc.CardStatus(ctx, number); v != want {
				t.Errorf("status of %s = %s, want %s", number, v, want)
			}
		}
		listed, _ := e.db.Issuance().Cards(ctx, issuance.CardRevoked, 0)
		if len(listed) != 2 {
			t.Errorf("revoked cards = %d", len(listed))
		}
	})
}

// TestIssuanceInvalidTransitions tries, in every state of the workflow,
// every move the table does not allow, as a national user with every
// optional part given: each is refused and changes nothing.
func TestIssuanceInvalidTransitions(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		svc := issuanceService(e)
		st := station(t, svc, "HT-TS", "18073")
		a := apply(t, svc, st, person(t, e, 2, "18073", "1980-01-01"), issuance.FirstIssuance, "")
		for i := 0; ; i++ {
			allowed := issuance.Next(a.State)
			for _, to := range issuance.States {
				if slices.Contains(allowed, to) {
					continue
				}
				_, err := svc.Transition(ctx, boCongAn, fullMove(a.ID, to, day("2026-01-09")))
				if !apperr.Is(err, apperr.Conflict) {
					t.Errorf("%s → %s: %v, want conflict", a.State, to, err)
				}
			}
			if _, err := svc.Transition(ctx, kiemToan, fullMove(a.ID, issuance.Rejected, day("2026-01-09"))); !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("auditor in %s: %v", a.State, err)
			}
			after, _ := e.db.Issuance().Application(ctx, a.ID)
			hist, _ := e.db.Issuance().Transitions(ctx, a.ID)
			if after.Version != a.Version || after.State != a.State || len(hist) != a.Version {
				t.Fatalf("refused moves changed %s: %+v, %d transitions", a.State, after, len(hist))
			}
			if i == len(happyPath) {
				break
			}
			var err error
			if a, err = svc.Transition(ctx, happyPath[i].by, fullMove(a.ID, happyPath[i].to, day("2026-01-09"))); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestIssuanceRejectCancelAndVersions(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		svc := issuanceService(e)
		st := station(t, svc, "HT-TS", "18073")
		a := apply(t, svc, st, person(t, e, 3, "18073", "1980-01-01"), issuance.Reissue, issuance.Lost)
		if _, err := svc.Transition(ctx, xaThanhSen, issuance.Move{ApplicationID: a.ID, To: issuance.Rejected}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("reject without reason: %v", err)
		}
		if _, err := svc.Transition(ctx, xaTranPhu, issuance.Move{ApplicationID: a.ID, To: issuance.Verified}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("verify by another commune: %v", err)
		}
		if _, err := svc.Transition(ctx, xaThanhSen, issuance.Move{ApplicationID: a.ID, To: issuance.Verified, Version: 1}); err != nil {
			t.Fatal(err)
		}
		// A second officer who saw version 1 loses the race.
		_, err := svc.Transition(ctx, xaThanhSen, issuance.Move{ApplicationID: a.ID, To: issuance.Cancelled, Reason: "duplicate", Version: 1})
		if !apperr.Is(err, apperr.Conflict) {
			t.Errorf("stale version: %v", err)
		}
		got, err := svc.Transition(ctx, xaThanhSen, issuance.Move{ApplicationID: a.ID, To: issuance.Cancelled, Reason: "citizen withdrew", Version: 2})
		if err != nil || got.State != issuance.Cancelled {
			t.Fatalf("cancel = %+v, %v", got, err)
		}
		hist, _ := e.db.Issuance().Transitions(ctx, a.ID)
		if last := hist[len(hist)-1]; last.Reason != "citizen withdrew" || last.From != issuance.Verified {
			t.Errorf("last transition = %+v", last)
		}
		for _, stmt := range []string{`UPDATE application_transitions SET reason = 'x'`, `DELETE FROM application_transitions`,
			`DELETE FROM applications`} {
			if _, err := e.db.SQL().ExecContext(ctx, stmt); err == nil {
				t.Errorf("%s succeeded on an append-only table", stmt)
			}
		}
	})
}
