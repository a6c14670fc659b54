package card

import (
	"errors"
	"fmt"

	"dancu/internal/pdate"
)

// ErrApplication is wrapped by every error about an invalid Application.
var ErrApplication = errors.New("invalid card application")

// ApplicationKind is the procedure a card application follows.
type ApplicationKind string

const (
	// FirstIssuance is cấp (thẻ) lần đầu.
	FirstIssuance ApplicationKind = "first_issuance"
	// Exchange is cấp đổi: a new card replacing a valid or expiring one.
	Exchange ApplicationKind = "exchange"
	// Reissue is cấp lại: a card replacing one the holder no longer has.
	Reissue ApplicationKind = "reissue"
	// Conversion is the change from a 9-digit CMND (or, under the 2023
	// law, a CCCD) to the current card.
	Conversion ApplicationKind = "conversion"
)

// Reason says why an exchange or re-issue is applied for (Luật Căn cước
// 2023 Điều 24).
type Reason string

const (
	ReasonAgeMilestone        Reason = "age_milestone"        // đủ 14, 25, 40, 60 tuổi
	ReasonInfoChanged         Reason = "info_changed"         // name, birth date, appearance, sex … changed
	ReasonDamaged             Reason = "damaged"              // thẻ bị hư hỏng không sử dụng được
	ReasonAuthorityError      Reason = "authority_error"      // sai sót do lỗi cơ quan quản lý căn cước
	ReasonIDReestablished     Reason = "id_reestablished"     // xác lập lại số định danh cá nhân
	ReasonUnitReorganisation  Reason = "unit_reorganisation"  // sắp xếp đơn vị hành chính
	ReasonOnRequest           Reason = "on_request"           // theo yêu cầu
	ReasonLost                Reason = "lost"                 // bị mất thẻ
	ReasonRegainedNationality Reason = "regained_nationality" // được trở lại quốc tịch Việt Nam
)

// reasonsFor lists the reasons each kind accepts; kinds absent from the
// map take no reason. A damaged card is an exchange, as in Điều 24.1 of
// the 2023 law, because the holder still hands the card in.
var reasonsFor = map[ApplicationKind][]Reason{
	Exchange: {ReasonAgeMilestone, ReasonInfoChanged, ReasonDamaged, ReasonAuthorityError,
		ReasonIDReestablished, ReasonUnitReorganisation, ReasonOnRequest},
	Reissue: {ReasonLost, ReasonRegainedNationality},
}

// ApplicationKinds lists every procedure, in the order forms offer them.
var ApplicationKinds = []ApplicationKind{FirstIssuance, Exchange, Reissue, Conversion}

// ReasonsFor returns the reasons a kind accepts (none for first issuance
// and conversion), for forms that offer only valid pairs.
func ReasonsFor(k ApplicationKind) []Reason {
	return append([]Reason(nil), reasonsFor[k]...)
}

// Application is one request for a card.
type Application struct {
	Kind   ApplicationKind
	Reason Reason // required for Exchange and Reissue, empty otherwise
	// Milestone is the age (14, 25, 40, 60) of a ReasonAgeMilestone exchange.
	Milestone int
	// Received is the day the complete file was received: it picks the fee
	// schedule and starts the processing deadline.
	Received pdate.Date
	// FeeExempt marks a holder in a group exempted from the fee by the fee
	// circular (families of martyrs, poor households, orphaned minors …);
	// the officer decides it from documents, so it is an input here.
	FeeExempt bool
}

// Validate checks that the kind and reason fit together and that the
// receipt date is a full date.
func (a Application) Validate() error {
	allowed, known := reasonsFor[a.Kind]
	switch {
	case a.Kind != FirstIssuance && a.Kind != Conversion && !known:
		return fmt.Errorf("%w: unknown kind %q", ErrApplication, a.Kind)
	case !known && a.Reason != "":
		return fmt.Errorf("%w: %s takes no reason, got %q", ErrApplication, a.Kind, a.Reason)
	case known && !containsReason(allowed, a.Reason):
		return fmt.Errorf("%w: reason %q is not one of %v for %s", ErrApplication, a.Reason, allowed, a.Kind)
	case a.Reason == ReasonAgeMilestone && !isMilestoneAge(a.Milestone):
		return fmt.Errorf("%w: milestone %d is not 14, 25, 40 or 60", ErrApplication, a.Milestone)
	case a.Reason != ReasonAgeMilestone && a.Milestone != 0:
		return fmt.Errorf("%w: milestone %d given for reason %q", ErrApplication, a.Milestone, a.Reason)
	case a.Received.Precision() != pdate.Day:
		return fmt.Errorf("%w: receipt date %q is not a full date", ErrApplication, a.Received)
	}
	return nil
}

func containsReason(list []Reason, r Reason) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

func isMilestoneAge(age int) bool {
	return age == 14 || age == 25 || age == 40 || age == 60
}
