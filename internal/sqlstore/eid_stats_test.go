package sqlstore_test

import (
	"testing"

	"dancu/internal/eid"
	"dancu/internal/registry"
)

// TestEIDActivationStatsMatchAHandCount builds a small province and checks
// the figures per commune and in total against a count made by hand.
func TestEIDActivationStatsMatchAHandCount(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		w := newEIDWorld(t, e)
		s := w.svc.EID
		// Thành Sen (18073):
		l1 := w.carded(t, 11, "1990-01-01", "") // adult, level 1          → eligible, L1
		w.enrolled(t, 11, l1, "0900000011")     //
		l2 := w.carded(t, 12, "1980-01-01", "") // adult, level 2          → eligible, L2
		w.enrolled(t, 12, l2, "0900000012")     //
		if _, err := s.VerifyAtDesk(ctx, xaThanhSen, eid.DeskVerification{CardNumber: l2.IDNumber, Photo: photoOf(12),
			Fingerprints: map[string][]byte{"right_index": printOf(12)}}, citizenTrail()); err != nil {
			t.Fatal(err)
		}
		w.carded(t, 13, "1970-01-01", "")        // adult, no account      → eligible
		sus := w.carded(t, 14, "1975-01-01", "") // adult, suspended       → eligible
		acc := w.enrolled(t, 14, sus, "0900000014")
		if _, err := s.Suspend(ctx, xaThanhSen, acc.ID, "reported stolen phone", citizenTrail()); err != nil {
			t.Fatal(err)
		}
		w.carded(t, 15, "2016-06-01", "")         // child 9 with a card    → eligible
		person(t, e, 16, "18073", "2017-06-01")   // child 8 without a card → not eligible
		person(t, e, 17, "18073", "2000-01-01")   // adult without a card   → eligible (14+)
		dead := w.carded(t, 18, "1950-01-01", "") // died: account revoked  → not eligible
		w.enrolled(t, 18, dead, "0900000018")
		if _, err := w.svc.Register.Update(ctx, dead.ID, 0, func(c *registry.Citizen) error { c.Status = registry.Dead; return nil },
			registry.ChangeMeta{Actor: "test", Reason: "death"}); err != nil {
			t.Fatal(err)
		}
		pending := w.carded(t, 19, "1995-01-01", "") // enrolled, not activated → eligible
		if _, err := s.Enrol(ctx, eid.SelfEnrolment{IDNumber: pending.IDNumber, FullName: pending.FullName, BirthDate: pending.BirthDate,
			Phone: "0900000019", Photo: photoOf(19), Password: goodPassword}, citizenTrail()); err != nil {
			t.Fatal(err)
		}
		// Trần Phú (18100):
		tp := w.cardedIn(t, 21, "18100", "1991-01-01", "") // adult, level 1         → eligible, L1
		w.enrolled(t, 21, tp, "0900000021")
		person(t, e, 22, "18100", "1992-01-01") // adult                  → eligible

		st, err := s.ActivationStats(ctx, tinhHaTinh, "42", monday0700)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]eid.UnitCounts{
			"18073": {Unit: "18073", Eligible: 7, Level1: 1, Level2: 1},
			"18100": {Unit: "18100", Eligible: 2, Level1: 1, Level2: 0},
		}
		if len(st.Units) != len(want) {
			t.Fatalf("units %+v", st.Units)
		}
		for _, u := range st.Units {
			if u.UnitCounts != want[u.Unit] {
				t.Errorf("%s: got %+v, want %+v", u.Unit, u.UnitCounts, want[u.Unit])
			}
		}
		if tot := st.Total; tot.Eligible != 9 || tot.Activated != 3 || tot.Level2 != 1 || tot.ActivatedShare != 3.0/9 || tot.Level2Share != 1.0/9 {
			t.Errorf("total %+v", tot)
		}
		if ts := st.Units[0]; ts.Name == "" || ts.ActivatedShare != 2.0/7 {
			t.Errorf("Thành Sen %+v", ts)
		}
		// A commune officer sees their commune, not the province.
		if _, err := s.ActivationStats(ctx, xaThanhSen, "42", monday0700); err == nil {
			t.Error("a commune officer read the province's figures")
		}
		one, err := s.ActivationStats(ctx, xaThanhSen, "", monday0700)
		if err != nil || one.Total.Eligible != 7 || len(one.Units) != 1 {
			t.Fatalf("own commune %+v %v", one, err)
		}
	})
}
