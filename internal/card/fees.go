package card

import (
	"fmt"

	"dancu/internal/pdate"
)

// Fee is the lệ phí of an application in đồng and what it rests on.
type Fee struct {
	VND int64
	// Basis is the fee circular ("TT 73/2024/TT-BTC"), or for a free case
	// one of the Free* codes. Both are language-neutral: a receipt words a
	// code in the reader's language (the web catalogue's "fee.<code>").
	Basis string
}

// The free cases, as Fee.Basis codes.
const (
	FreeExemptGroup         = "free:exempt_group"
	FreeFirstIssuance       = "free:first_issuance"
	FreeAgeMilestone        = "free:age_milestone"
	FreeAuthorityError      = "free:authority_error"
	FreeUnitReorganisation  = "free:unit_reorganisation"
	basisTT64HalfOfTT73     = "TT 64/2025/TT-BTC"
	legacyBasisTT64HalfTT73 = "TT 64/2025/TT-BTC (50 % of TT 73/2024)"
)

// legacyBases maps the English sentences stored as fee bases before the
// codes above to the codes, so that old applications read like new ones.
var legacyBases = map[string]string{
	"exempt group (fee circular)":                FreeExemptGroup,
	"first issuance is free":                     FreeFirstIssuance,
	"exchange at 25, 40 or 60 is free":           FreeAgeMilestone,
	"error of the issuing authority is free":     FreeAuthorityError,
	"administrative-unit reorganisation is free": FreeUnitReorganisation,
	legacyBasisTT64HalfTT73:                      basisTT64HalfOfTT73,
}

// FeeBasisCode returns the current form of a stored fee basis: a legacy
// English sentence becomes its code, anything else is returned as is.
func FeeBasisCode(stored string) string {
	if c, ok := legacyBases[stored]; ok {
		return c
	}
	return stored
}

// feeSchedule is one fee circular's amounts, in force from a day on.
type feeSchedule struct {
	from                          pdate.Date
	basis                         string
	conversion, exchange, reissue int64
}

// feeSchedules, newest last (domain.md §6.3). TT 59/2019 stands for every
// earlier day too: the amounts before it (TT 170/2015) were the same. The
// 50 % of TT 64/2025 ends on 31/12/2026; from 2027 the TT 73/2024 amounts
// apply again unless a new circular says otherwise.
var feeSchedules = []feeSchedule{
	{pdate.Date{}, "TT 59/2019/TT-BTC", 30_000, 50_000, 70_000},
	{pdate.Full(2024, 7, 1), "TT 73/2024/TT-BTC", 30_000, 50_000, 70_000},
	{pdate.Full(2025, 7, 1), basisTT64HalfOfTT73, 15_000, 25_000, 35_000}, // 50 % of TT 73/2024
	{pdate.Full(2027, 1, 1), "TT 73/2024/TT-BTC", 30_000, 50_000, 70_000},
}

// ApplicationFee returns the fee of a, by the schedule in force on the day
// the file was received.
//
// Free, whatever the date (Luật CCCD 2014 Điều 32; Luật Căn cước 2023
// Điều 38): first issuance; exchange at 25, 40 or 60; exchange for an error
// of the issuing authority; exchange because administrative units were
// reorganised (the 2023 law frees it on the holder's request, police
// statements of 2025 repeat it for VNeID); and holders in an exempt group.
// An exchange at 14 is charged: Điều 38 names only 25, 40 and 60 (⚠️).
func ApplicationFee(a Application) (Fee, error) {
	if err := a.Validate(); err != nil {
		return Fee{}, err
	}
	if basis, free := freeCase(a); free {
		return Fee{VND: 0, Basis: basis}, nil
	}
	s := scheduleOn(a.Received)
	switch a.Kind {
	case Conversion:
		return Fee{s.conversion, s.basis}, nil
	case Exchange:
		return Fee{s.exchange, s.basis}, nil
	case Reissue:
		return Fee{s.reissue, s.basis}, nil
	}
	return Fee{}, fmt.Errorf("%w: no fee rule for %s", ErrApplication, a.Kind)
}

func freeCase(a Application) (basis string, free bool) {
	switch {
	case a.FeeExempt:
		return FreeExemptGroup, true
	case a.Kind == FirstIssuance:
		return FreeFirstIssuance, true
	case a.Reason == ReasonAgeMilestone && a.Milestone != 14:
		return FreeAgeMilestone, true
	case a.Reason == ReasonAuthorityError:
		return FreeAuthorityError, true
	case a.Reason == ReasonUnitReorganisation:
		return FreeUnitReorganisation, true
	}
	return "", false
}

func scheduleOn(day pdate.Date) feeSchedule {
	s := feeSchedules[0]
	for _, next := range feeSchedules[1:] {
		if day.Compare(next.from) >= 0 {
			s = next
		}
	}
	return s
}
