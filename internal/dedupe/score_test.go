package dedupe

import (
	"math"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// A date known to the day against one known only to the year weighs the
// same whichever record comes first: the weight of a slipped year digit
// was once taken from the full date's share when the full record came
// first (a full run's pair order), and from the year's otherwise.
func TestDateWeightDoesNotDependOnRecordOrder(t *testing.T) {
	pop := population(3000)
	for _, c := range []struct {
		name string
		a, b pdate.Date
	}{
		{"year slip, one side year only", pdate.Full(2021, 2, 22), pdate.Date{Year: 2020}},
		{"year-month against year", pdate.Date{Year: 1984, Month: 9}, pdate.Date{Year: 1984}},
		{"day slip", pdate.Full(1990, 5, 15), pdate.Full(1990, 5, 16)},
	} {
		recs := make([]Record, 0, len(pop)+2)
		f := NewFrequencies()
		for _, p := range pop {
			recs = append(recs, Prepare(p))
		}
		recs = append(recs, Prepare(registry.Citizen{FullName: "Trần Thị Nhung", BirthDate: c.a, Sex: registry.Female}),
			Prepare(registry.Citizen{FullName: "Trần Thị Nhung", BirthDate: c.b, Sex: registry.Female}))
		for i := range recs {
			f.Add(&recs[i])
		}
		s := NewScorer(f, 0)
		a, b := &recs[len(recs)-2], &recs[len(recs)-1]
		if ab, ba := s.Score(a, b).Weight, s.Score(b, a).Weight; math.Abs(ab-ba) > 1e-9 {
			t.Errorf("%s: weight %.2f one way, %.2f the other", c.name, ab, ba)
		}
	}
}

// A phone number written the international way is the same number.
func TestPhoneDigitsNational(t *testing.T) {
	for in, want := range map[string]string{"0912 345 678": "0912345678", "+84 912 345 678": "0912345678",
		"84912345678": "0912345678", "024 3825 1234": "02438251234", "": ""} {
		if got := digits(in); got != want {
			t.Errorf("digits(%q) = %q, want %q", in, got, want)
		}
	}
}

// A scorer's memo of weights gives what weight gives, for inputs that
// share a slot of the memo as well as for repeated ones.
func TestWeightMemoGivesTheWeight(t *testing.T) {
	s := NewScorer(NewFrequencies(), 0)
	ms := []float64{0.795, 0.08, 0.005, 0.06, 0.9 * 0.9, 0.03, 1 - 0.97}
	for round := range 2 {
		for count := 1; count < 20000; count++ {
			m, u := ms[count%len(ms)], float64(count)/1e6
			if got, want := s.weight(m, u), weight(m, u); got != want {
				t.Fatalf("round %d: memo weight(%v, %v) = %v; want %v", round, m, u, got, want)
			}
			want := weight(1-m, 1-min(u, 0.999))
			if count%2 == 0 {
				want = weight(m, u)
			}
			if got := s.agreeOrDiffer(count%2 == 0, m, u); got != want {
				t.Fatalf("round %d: memo agreeOrDiffer(%v, %v) = %v; want %v", round, m, u, got, want)
			}
		}
	}
}

// A record's cached value shares (what a streaming run's block gives it)
// score every pair as the uncached record does, also when a record is
// scored by its other name after being scored by its own, and against
// dates known to other precisions.
func TestCachedSharesScoreAlike(t *testing.T) {
	pop := population(3000)
	extra := []registry.Citizen{
		{FullName: "Nguyễn Văn Tèo", OtherName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, Phone: "0912345678", HouseholdRef: "HH-1"},
		{FullName: "Nguyễn Văn Tèo", BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, Phone: "0912345678", HouseholdRef: "HH-1"},
		{FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, Phone: "0987654321"},
		{FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Date{Year: 1990}, Sex: registry.Male},
		{FullName: "Nguyễn Hùng", BirthDate: pdate.Date{Year: 1990, Month: 5}, Sex: registry.Male, HouseholdRef: "HH-1"},
	}
	recs := make([]Record, 0, len(pop)+len(extra))
	for _, p := range pop {
		recs = append(recs, Prepare(p))
	}
	for _, c := range extra {
		recs = append(recs, Prepare(c))
	}
	f := NewFrequencies()
	for i := range recs {
		f.Add(&recs[i])
	}
	s := NewScorer(f, 0)
	plain := recs[len(pop):]
	cached := make([]Record, len(plain))
	for i := range plain {
		cached[i] = plain[i]
		cached[i].shares = new(recordShares)
	}
	for i := range plain {
		for j := range plain {
			if i == j {
				continue
			}
			if want, got := s.Score(&plain[i], &plain[j]), s.Score(&cached[i], &cached[j]); got != want {
				t.Errorf("%s against %s: %+v with cached shares, %+v without", plain[i].Name.Full(), plain[j].Name.Full(), got, want)
			}
		}
	}
}
