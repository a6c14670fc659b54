package card

import (
	"testing"

	"dancu/internal/pdate"
)

func TestAddWorkingDays(t *testing.T) {
	d := pdate.Full
	vn := DefaultVietnamCalendar()
	plain, _ := NewCalendar(nil, nil)
	tests := []struct {
		name string
		cal  *Calendar
		from pdate.Date
		n    int
		want pdate.Date
	}{
		{"zero days", plain, d(2025, 3, 7), 0, d(2025, 3, 7)},
		{"Friday + 1 skips the weekend", plain, d(2025, 3, 7), 1, d(2025, 3, 10)},
		{"Saturday + 1", plain, d(2025, 3, 8), 1, d(2025, 3, 10)},
		{"Monday + 7", plain, d(2025, 3, 3), 7, d(2025, 3, 12)},
		{"across the year end", plain, d(2025, 12, 31), 2, d(2026, 1, 2)},
		{"Tết Dương lịch", vn, d(2025, 12, 31), 1, d(2026, 1, 2)},
		{"Tết 2025 (27–31 Jan)", vn, d(2025, 1, 24), 7, d(2025, 2, 11)},
		{"30/4 2024 with make-up Saturday 4/5", vn, d(2024, 4, 24), 7, d(2024, 5, 7)},
		{"make-up Saturday counts", vn, d(2024, 5, 3), 1, d(2024, 5, 4)},
		{"Giỗ Tổ 2025", vn, d(2025, 4, 4), 1, d(2025, 4, 8)},
		{"Quốc khánh 2025", vn, d(2025, 8, 29), 1, d(2025, 9, 3)},
		{"Tết 2026 (16–20 Feb)", vn, d(2026, 2, 13), 1, d(2026, 2, 23)},
		{"leap day", plain, d(2024, 2, 28), 1, d(2024, 2, 29)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.cal.AddWorkingDays(tc.from, tc.n)
			if err != nil || got != tc.want {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, %v; want %s", tc.from, tc.n, got, err, tc.want)
			}
			back, err := tc.cal.WorkingDaysBetween(tc.from, got)
			if err != nil || back != tc.n {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, %v; want %d", tc.from, got, back, err, tc.n)
			}
		})
	}
}

func TestWorkingDaysBetweenProperty(t *testing.T) {
	vn := DefaultVietnamCalendar()
	from := pdate.Full(2023, 12, 25)
	for day := range 1200 {
		start, _ := vn.AddWorkingDays(from, 0)
		for range day % 9 {
			start = nextDay(start)
		}
		n := day % 23
		end, _ := vn.AddWorkingDays(start, n)
		if got, _ := vn.WorkingDaysBetween(start, end); got != n {
			t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", start, end, got, n)
		}
		if n > 0 && !vn.IsWorkingDay(end) {
			t.Fatalf("AddWorkingDays(%s, %d) = %s, not a working day", start, n, end)
		}
		from = nextDay(from)
	}
}

func TestPromisedDate(t *testing.T) {
	vn := DefaultVietnamCalendar()
	tests := []struct{ received, want pdate.Date }{
		{pdate.Full(2025, 1, 24), pdate.Full(2025, 2, 11)}, // Friday before Tết
		{pdate.Full(2025, 6, 2), pdate.Full(2025, 6, 11)},  // ordinary Monday
		{pdate.Full(2025, 6, 7), pdate.Full(2025, 6, 17)},  // received online on a Saturday
	}
	for _, tc := range tests {
		if got, err := vn.PromisedDate(tc.received); err != nil || got != tc.want {
			t.Errorf("PromisedDate(%s) = %s, %v; want %s", tc.received, got, err, tc.want)
		}
	}
}

func TestCalendarRejects(t *testing.T) {
	if _, err := NewCalendar([]Holiday{{Date: pdate.Date{Year: 2025}, Name: "x"}}, nil); err == nil {
		t.Error("NewCalendar accepted a partial holiday date")
	}
	if _, err := NewCalendar(nil, []pdate.Date{{Year: 2025, Month: 4}}); err == nil {
		t.Error("NewCalendar accepted a partial make-up day")
	}
	vn := DefaultVietnamCalendar()
	if _, err := vn.AddWorkingDays(pdate.Date{Year: 2025}, 1); err == nil {
		t.Error("AddWorkingDays accepted a partial date")
	}
	if _, err := vn.AddWorkingDays(pdate.Full(2025, 1, 1), -1); err == nil {
		t.Error("AddWorkingDays accepted a negative count")
	}
	if _, err := vn.WorkingDaysBetween(pdate.Full(2025, 1, 1), pdate.Date{}); err == nil {
		t.Error("WorkingDaysBetween accepted a zero date")
	}
}

func TestDefaultHolidaysAreWeekdays(t *testing.T) {
	for _, h := range DefaultVietnamHolidays() {
		tm, _ := h.Date.Time()
		if wd := tm.Weekday(); wd == 0 || wd == 6 {
			t.Errorf("holiday %s (%s) falls on a %s: list its compensatory weekday instead", h.Date, h.Name, wd)
		}
	}
	for _, d := range DefaultMakeUpWorkdays() {
		if tm, _ := d.Time(); tm.Weekday() != 6 {
			t.Errorf("make-up working day %s is not a Saturday", d)
		}
	}
}
