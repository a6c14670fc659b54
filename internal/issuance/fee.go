package issuance

import "time"

// Fees2024 is the fee schedule of TT 73/2024/TT-BTC, halved from
// 2025-07-01 to 2026-12-31 by TT 64/2025 (domain spec §6.3). First
// issuance is free; so is an exchange forced by the 2025 reorganisation of
// administrative units.
func Fees2024(t Type, r Reason, day time.Time) int64 {
	var fee int64
	switch t {
	case FirstIssuance:
		return 0
	case Conversion:
		fee = 30_000
	case Exchange:
		if r == UnitReorganised {
			return 0
		}
		fee = 50_000
	case Reissue:
		fee = 70_000
	}
	halfFrom, halfTo := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	if d := Day(day); !d.Before(halfFrom) && !d.After(halfTo) {
		fee /= 2
	}
	return fee
}
