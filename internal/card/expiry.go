package card

import (
	"errors"
	"fmt"

	"dancu/internal/pdate"
)

// ErrValidity is wrapped by every error Expiry returns.
var ErrValidity = errors.New("cannot compute card validity")

// Validity is how long a card is valid (domain.md §6.1).
type Validity struct {
	// Until is the expiry date printed on the card, zero for a lifetime
	// card ("Không thời hạn").
	Until pdate.Date
	// Milestone is the age whose birthday ends the card (14, 25, 40 or
	// 60): the milestone the next exchange is due for. 0 for lifetime.
	Milestone int
}

// Lifetime reports whether the card never expires.
func (v Validity) Lifetime() bool { return v.Milestone == 0 }

// ExchangeDue reports whether on the given day the card has reached its
// milestone, and which milestone an age exchange (cấp đổi) is then for.
func (v Validity) ExchangeDue(on pdate.Date) (milestone int, due bool) {
	if v.Lifetime() {
		return 0, false
	}
	return v.Milestone, on.Compare(v.Until) >= 0
}

// Expiry computes the validity of a card issued (or exchanged, re-issued) on
// issue to a holder born on birth. The rule of Luật CCCD 2014 Điều 21 and
// Luật Căn cước 2023 Điều 21: the card expires on the birthday of the first
// milestone age m (25, 40, 60; plus 14 for a 2023-law card issued before
// 14) such that the card was not issued within the 2 years before it;
// when no milestone qualifies the card is valid for life.
//
// Day boundary of "within 2 years before" (unconfirmed, domain.md §6.1): a
// card issued on the (m−2)th birthday itself is inside the window, i.e. the
// window is [birthday m−2, birthday m). On that day the holder is exactly
// 2 years short of m, which the plain wording "trong thời hạn 02 năm trước"
// includes.
//
// Whether a card was issued before 14 follows from the dates, so it is not
// a parameter: a caller cannot pass a flag that contradicts them.
//
// Partial birth dates (year-only or year+month legacy records) are resolved
// the law-safe way: the computed expiry is never later than the expiry for
// any birth date the record allows. The window test uses the latest
// possible birth date (so a card jumps to the next milestone only if it
// would for every possible birthday) and the printed date uses the earliest
// (1 January or the 1st of the month of the milestone year). The holder is
// thus never told a card is valid when the law may already require an
// exchange.
//
// 29 February births reach a milestone on 28 February in non-leap years;
// see birthday.
func Expiry(birth, issue pdate.Date, regime Regime) (Validity, error) {
	if birth.IsZero() || birth.Validate() != nil {
		return Validity{}, fmt.Errorf("%w: birth date %q unknown or invalid", ErrValidity, birth)
	}
	if issue.Precision() != pdate.Day || issue.Validate() != nil {
		return Validity{}, fmt.Errorf("%w: issue date %q is not a full date", ErrValidity, issue)
	}
	earliest, latest := pdate.FromTime(birth.Earliest()), pdate.FromTime(birth.Latest())
	if issue.Compare(earliest) < 0 {
		return Validity{}, fmt.Errorf("%w: issue date %s is before the birth date %s", ErrValidity, issue, birth)
	}
	ages, err := milestoneAges(regime, issue.Compare(birthday(latest, 14)) < 0)
	if err != nil {
		return Validity{}, err
	}
	if regime == Regime2014 && issue.Compare(birthday(earliest, 14)) < 0 {
		return Validity{}, fmt.Errorf("%w: a 2014-law CCCD cannot be issued before age 14 (born %s, issued %s)", ErrValidity, birth, issue)
	}
	for _, m := range ages {
		if issue.Compare(birthday(latest, m-2)) < 0 {
			return Validity{Until: birthday(earliest, m), Milestone: m}, nil
		}
	}
	return Validity{}, nil
}

// milestoneAges returns the exchange ages of a regime, in order.
func milestoneAges(regime Regime, issuedUnder14 bool) ([]int, error) {
	switch {
	case regime == Regime2023 && issuedUnder14:
		return []int{14, 25, 40, 60}, nil
	case regime == Regime2014 || regime == Regime2023:
		return []int{25, 40, 60}, nil
	}
	return nil, fmt.Errorf("%w: unknown regime %q", ErrValidity, regime)
}

// birthday returns the date a holder born on the full date b turns age.
// For 29 February births in a non-leap year it is 28 February: Bộ luật Dân
// sự 2015 Điều 148 ends a period on the last day of the month when the
// month has no corresponding day (⚠️ article quoted from memory), and 28
// February is also the law-safe choice, being the earlier of the two.
func birthday(b pdate.Date, age int) pdate.Date {
	d, err := pdate.New(b.Year+age, b.Month, b.Day)
	if err != nil { // 29 February in a non-leap year
		return pdate.Date{Year: b.Year + age, Month: 2, Day: 28}
	}
	return d
}
