package card

import "dancu/internal/pdate"

// DefaultVietnamCalendar returns the calendar of public offices for
// 2024–2027 built from DefaultVietnamHolidays. It is a default, not the
// truth: the Government announces each year's Tết and swap days late, so
// deployments should load their own list with NewCalendar.
func DefaultVietnamCalendar() *Calendar {
	c, err := NewCalendar(DefaultVietnamHolidays(), DefaultMakeUpWorkdays())
	if err != nil {
		panic("card: default holiday data: " + err.Error()) // static data, covered by tests
	}
	return c
}

// DefaultVietnamHolidays lists the weekday holidays of civil servants in
// 2024–2027 (Bộ luật Lao động 2019 Điều 112 and the yearly swap notices).
// 2024 and 2025 are the schedules as announced; 2026 Tết is as announced,
// the rest of 2026 and all of 2027 are planned from the law's rules
// (compensatory day after a weekend holiday; Quốc khánh = 2/9 plus an
// adjacent day, guessed) and must be checked against the notices (⚠️).
// The list is data: edit it or pass another one to NewCalendar.
func DefaultVietnamHolidays() []Holiday {
	return []Holiday{
		// 2024
		{pdate.Full(2024, 1, 1), "Tết Dương lịch"},
		{pdate.Full(2024, 2, 8), "Tết Nguyên đán"}, {pdate.Full(2024, 2, 9), "Tết Nguyên đán"},
		{pdate.Full(2024, 2, 12), "Tết Nguyên đán"}, {pdate.Full(2024, 2, 13), "Tết Nguyên đán"},
		{pdate.Full(2024, 2, 14), "Tết Nguyên đán"},
		{pdate.Full(2024, 4, 18), "Giỗ Tổ Hùng Vương"},
		{pdate.Full(2024, 4, 29), "swap for 30/4 (worked on 4/5)"},
		{pdate.Full(2024, 4, 30), "Ngày Chiến thắng"}, {pdate.Full(2024, 5, 1), "Quốc tế Lao động"},
		{pdate.Full(2024, 9, 2), "Quốc khánh"}, {pdate.Full(2024, 9, 3), "Quốc khánh"},
		// 2025
		{pdate.Full(2025, 1, 1), "Tết Dương lịch"},
		{pdate.Full(2025, 1, 27), "Tết Nguyên đán"}, {pdate.Full(2025, 1, 28), "Tết Nguyên đán"},
		{pdate.Full(2025, 1, 29), "Tết Nguyên đán"}, {pdate.Full(2025, 1, 30), "Tết Nguyên đán"},
		{pdate.Full(2025, 1, 31), "Tết Nguyên đán"},
		{pdate.Full(2025, 4, 7), "Giỗ Tổ Hùng Vương"},
		{pdate.Full(2025, 4, 30), "Ngày Chiến thắng"}, {pdate.Full(2025, 5, 1), "Quốc tế Lao động"},
		{pdate.Full(2025, 5, 2), "swap for 30/4 (worked on 26/4)"},
		{pdate.Full(2025, 9, 1), "Quốc khánh"}, {pdate.Full(2025, 9, 2), "Quốc khánh"},
		// 2026
		{pdate.Full(2026, 1, 1), "Tết Dương lịch"},
		{pdate.Full(2026, 2, 16), "Tết Nguyên đán"}, {pdate.Full(2026, 2, 17), "Tết Nguyên đán"},
		{pdate.Full(2026, 2, 18), "Tết Nguyên đán"}, {pdate.Full(2026, 2, 19), "Tết Nguyên đán"},
		{pdate.Full(2026, 2, 20), "Tết Nguyên đán"},
		{pdate.Full(2026, 4, 27), "Giỗ Tổ Hùng Vương (26/4 is a Sunday)"},
		{pdate.Full(2026, 4, 30), "Ngày Chiến thắng"}, {pdate.Full(2026, 5, 1), "Quốc tế Lao động"},
		{pdate.Full(2026, 9, 1), "Quốc khánh (adjacent day ⚠️)"}, {pdate.Full(2026, 9, 2), "Quốc khánh"},
		// 2027 (planned ⚠️)
		{pdate.Full(2027, 1, 1), "Tết Dương lịch"},
		{pdate.Full(2027, 2, 4), "Tết Nguyên đán"}, {pdate.Full(2027, 2, 5), "Tết Nguyên đán"},
		{pdate.Full(2027, 2, 8), "Tết Nguyên đán"}, {pdate.Full(2027, 2, 9), "Tết Nguyên đán"},
		{pdate.Full(2027, 2, 10), "Tết Nguyên đán"},
		{pdate.Full(2027, 4, 16), "Giỗ Tổ Hùng Vương"},
		{pdate.Full(2027, 4, 30), "Ngày Chiến thắng"},
		{pdate.Full(2027, 5, 3), "Quốc tế Lao động (1/5 is a Saturday)"},
		{pdate.Full(2027, 9, 2), "Quốc khánh"}, {pdate.Full(2027, 9, 3), "Quốc khánh (adjacent day ⚠️)"},
	}
}

// DefaultMakeUpWorkdays lists the Saturdays worked to pay for swap days.
func DefaultMakeUpWorkdays() []pdate.Date {
	return []pdate.Date{pdate.Full(2024, 5, 4), pdate.Full(2025, 4, 26)}
}
