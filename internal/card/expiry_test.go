package card

import (
	"errors"
	"testing"

	"dancu/internal/pdate"
)

func TestExpiry(t *testing.T) {
	d := pdate.Full
	born := d(2000, 6, 15)
	tests := []struct {
		name   string
		birth  pdate.Date
		issue  pdate.Date
		regime Regime
		until  pdate.Date // zero = lifetime
		age    int
	}{
		// Milestone 25, window [23rd birthday, 25th birthday).
		{"first card at 14", born, d(2014, 6, 15), Regime2014, d(2025, 6, 15), 25},
		{"day before the 23rd birthday", born, d(2023, 6, 14), Regime2014, d(2025, 6, 15), 25},
		{"on the 23rd birthday: in the window", born, d(2023, 6, 15), Regime2023, d(2040, 6, 15), 40},
		{"day before the 25th birthday", born, d(2025, 6, 14), Regime2023, d(2040, 6, 15), 40},
		{"on the 25th birthday", born, d(2025, 6, 15), Regime2023, d(2040, 6, 15), 40},
		// Milestone 40, window [38, 40).
		{"day before the 38th birthday", born, d(2038, 6, 14), Regime2023, d(2040, 6, 15), 40},
		{"on the 38th birthday", born, d(2038, 6, 15), Regime2023, d(2060, 6, 15), 60},
		{"on the 40th birthday", born, d(2040, 6, 15), Regime2023, d(2060, 6, 15), 60},
		// Milestone 60, window [58, 60): lifetime after.
		{"day before the 58th birthday", born, d(2058, 6, 14), Regime2023, d(2060, 6, 15), 60},
		{"on the 58th birthday: lifetime", born, d(2058, 6, 15), Regime2023, pdate.Date{}, 0},
		{"at 75: lifetime", born, d(2075, 1, 1), Regime2023, pdate.Date{}, 0},
		// Milestone 14, only for 2023-law cards issued before 14.
		{"2023 card at 5", born, d(2005, 6, 15), Regime2023, d(2014, 6, 15), 14},
		{"2023 card day before the 12th birthday", born, d(2012, 6, 14), Regime2023, d(2014, 6, 15), 14},
		{"2023 card on the 12th birthday", born, d(2012, 6, 15), Regime2023, d(2025, 6, 15), 25},
		{"2023 card day before the 14th birthday", born, d(2014, 6, 14), Regime2023, d(2025, 6, 15), 25},
		{"2023 card on the 14th birthday", born, d(2014, 6, 15), Regime2023, d(2025, 6, 15), 25},
		{"2023 card on the birth day", born, born, Regime2023, d(2014, 6, 15), 14},
		// The worked example of domain.md §6.1 (matches a real MRZ).
		{"spec: issued at 23", d(1993, 1, 5), d(2016, 1, 5), Regime2014, d(2033, 1, 5), 40},
		{"spec: last day before 38", d(1993, 1, 5), d(2031, 1, 4), Regime2014, d(2033, 1, 5), 40},
		// 29 February births: milestones on 28 February in non-leap years.
		{"leap birth, 25th in a non-leap year", d(2000, 2, 29), d(2020, 1, 1), Regime2014, d(2025, 2, 28), 25},
		{"leap birth, window opens 28 Feb", d(2004, 2, 29), d(2027, 2, 28), Regime2023, d(2044, 2, 29), 40},
		{"leap birth, day before the window", d(2004, 2, 29), d(2027, 2, 27), Regime2023, d(2029, 2, 28), 25},
		{"leap birth, 60th in a leap year", d(1968, 2, 29), d(2010, 3, 1), Regime2014, d(2028, 2, 29), 60},
		// Partial birth dates: window against the latest possible birthday,
		// printed expiry on the earliest.
		{"year only, early", pdate.Date{Year: 1990}, d(2013, 6, 1), Regime2014, d(2015, 1, 1), 25},
		{"year only, day before window", pdate.Date{Year: 1990}, d(2013, 12, 30), Regime2014, d(2015, 1, 1), 25},
		{"year only, window for every birthday", pdate.Date{Year: 1990}, d(2013, 12, 31), Regime2014, d(2030, 1, 1), 40},
		{"year+month, day before window", pdate.Date{Year: 1990, Month: 7}, d(2013, 7, 30), Regime2014, d(2015, 7, 1), 25},
		{"year+month, in window", pdate.Date{Year: 1990, Month: 7}, d(2013, 7, 31), Regime2014, d(2030, 7, 1), 40},
		{"year+month Feb of a leap year: window on 28 Feb", pdate.Date{Year: 2004, Month: 2}, d(2027, 2, 28), Regime2023, d(2044, 2, 1), 40},
		{"year+month Feb of a leap year: day before", pdate.Date{Year: 2004, Month: 2}, d(2027, 2, 27), Regime2023, d(2029, 2, 1), 25},
		{"year only, possibly under 12 in 2023", pdate.Date{Year: 2013}, d(2024, 8, 1), Regime2023, d(2027, 1, 1), 14},
		{"year only, possibly under 14, in the 14 window", pdate.Date{Year: 2011}, d(2025, 3, 1), Regime2023, d(2036, 1, 1), 25},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Expiry(tc.birth, tc.issue, tc.regime)
			if err != nil {
				t.Fatal(err)
			}
			if v.Until != tc.until || v.Milestone != tc.age || v.Lifetime() != (tc.age == 0) {
				t.Errorf("Expiry(%s, %s) = %+v, want until %s at %d", tc.birth, tc.issue, v, tc.until, tc.age)
			}
		})
	}
}

func TestExpiryErrors(t *testing.T) {
	d := pdate.Full
	tests := []struct {
		name         string
		birth, issue pdate.Date
		regime       Regime
	}{
		{"unknown birth", pdate.Date{}, d(2020, 1, 1), Regime2014},
		{"partial issue", d(2000, 1, 1), pdate.Date{Year: 2020}, Regime2014},
		{"issue before birth", d(2000, 1, 1), d(1999, 12, 31), Regime2023},
		{"2014 card under 14", d(2000, 1, 1), d(2013, 12, 31), Regime2014},
		{"unknown regime", d(2000, 1, 1), d(2020, 1, 1), Regime("cmnd")},
	}
	for _, tc := range tests {
		if _, err := Expiry(tc.birth, tc.issue, tc.regime); !errors.Is(err, ErrValidity) {
			t.Errorf("%s: err = %v, want ErrValidity", tc.name, err)
		}
	}
}

func TestExchangeDue(t *testing.T) {
	v := Validity{Until: pdate.Full(2025, 6, 15), Milestone: 25}
	tests := []struct {
		on   pdate.Date
		v    Validity
		due  bool
		want int
	}{
		{pdate.Full(2025, 6, 14), v, false, 25},
		{pdate.Full(2025, 6, 15), v, true, 25},
		{pdate.Full(2030, 1, 1), v, true, 25},
		{pdate.Full(2030, 1, 1), Validity{}, false, 0},
	}
	for _, tc := range tests {
		m, due := tc.v.ExchangeDue(tc.on)
		if m != tc.want || due != tc.due {
			t.Errorf("%+v.ExchangeDue(%s) = %d, %v; want %d, %v", tc.v, tc.on, m, due, tc.want, tc.due)
		}
	}
}

func TestRegimeOn(t *testing.T) {
	for _, tt := range []struct {
		day  pdate.Date
		want Regime
	}{
		{pdate.Full(2024, 6, 30), Regime2014},
		{pdate.Full(2024, 7, 1), Regime2023},
		{pdate.Full(2026, 1, 5), Regime2023},
	} {
		if got := RegimeOn(tt.day); got != tt.want {
			t.Errorf("RegimeOn(%s) = %s, want %s", tt.day, got, tt.want)
		}
	}
}
