package quality

import (
	"fmt"
	"sort"

	"dancu/internal/registry"
)

// Household checks the members of one household_ref: exactly one active
// member must be the head. No head marks every active member; several
// heads mark each head. Dead and merged members are not members.
func (e *Engine) Household(ref string, members []Person) []Finding {
	if ref == "" {
		return nil
	}
	var active, heads []*Person
	for i := range members {
		m := &members[i]
		if !m.active() {
			continue
		}
		active = append(active, m)
		if m.Relation == "head" {
			heads = append(heads, m)
		}
	}
	var out []Finding
	switch {
	case len(active) == 0:
	case len(heads) == 0:
		for _, m := range active {
			f := newFinding(CodeHouseholdNoHead, m, nil,
				fmt.Sprintf("Hộ %s (%d người) không có chủ hộ", ref, len(active)),
				fmt.Sprintf("household %s (%d members) has no head", ref, len(active)))
			f.Subject = ref
			out = append(out, f)
		}
	case len(heads) > 1:
		for _, m := range heads {
			f := newFinding(CodeHouseholdManyHeads, m, nil,
				fmt.Sprintf("Hộ %s có %d chủ hộ", ref, len(heads)),
				fmt.Sprintf("household %s has %d heads", ref, len(heads)))
			f.Subject = ref
			out = append(out, f)
		}
	}
	return out
}

// Parents checks a child against the parents its record names (nil when
// the register holds no one with that number). Findings sit on the child.
func (e *Engine) Parents(child *Person, father, mother *Person) []Finding {
	if child.Status == registry.Merged || child.BirthDate.IsZero() || child.BirthDate.Validate() != nil {
		return nil
	}
	var out []Finding
	for _, par := range []struct {
		who, vi string
		p       *Person
	}{{"father", "cha", father}, {"mother", "mẹ", mother}} {
		p := par.p
		if p == nil || p.CitizenID == child.CitizenID || p.BirthDate.IsZero() || p.BirthDate.Validate() != nil {
			continue
		}
		fields := []string{"birth_date", par.who}
		// "Certainly": with partial dates, every reading must break the rule.
		if child.BirthDate.Latest().Before(p.BirthDate.Earliest()) {
			f := newFinding(CodeChildBeforeParent, child, fields,
				fmt.Sprintf("Sinh %s, trước %s (%s, sinh %s)", child.BirthDate, par.vi, p.IDNumber, p.BirthDate),
				fmt.Sprintf("born %s, before the %s (%s, born %s)", child.BirthDate, par.who, p.IDNumber, p.BirthDate))
			f.Subject = p.IDNumber
			out = append(out, f)
			continue
		}
		if _, hi := p.BirthDate.AgeAt(child.BirthDate.Latest()); hi < MinParentAge {
			f := newFinding(CodeParentTooYoung, child, fields,
				fmt.Sprintf("%s (%s, sinh %s) chưa đủ %d tuổi khi con sinh ngày %s", par.vi, p.IDNumber, p.BirthDate, MinParentAge, child.BirthDate),
				fmt.Sprintf("the %s (%s, born %s) was under %d at the child's birth on %s", par.who, p.IDNumber, p.BirthDate, MinParentAge, child.BirthDate))
			f.Subject = p.IDNumber
			out = append(out, f)
		}
	}
	return out
}

// SameNumber checks the holders of one 12-digit ID number: as a current
// number, or as a cancelled one (a cancelled number stays its person's
// forever). Two distinct people mark each of them.
func (e *Engine) SameNumber(number string, holders []Person) []Finding {
	hs := distinctActive(holders)
	if number == "" || len(hs) < 2 {
		return nil
	}
	out := make([]Finding, 0, len(hs))
	for _, h := range hs {
		how, howVI := "current", "hiện tại"
		if h.IDNumber != number {
			how, howVI = "cancelled", "đã hủy"
		}
		f := newFinding(CodeDuplicateIDNumber, h, nil,
			fmt.Sprintf("Số định danh %s (%s) cũng thuộc %d người khác", number, howVI, len(hs)-1),
			fmt.Sprintf("ID number %s (%s) also belongs to %d other people", number, how, len(hs)-1))
		f.Subject = number
		out = append(out, f)
	}
	return out
}

// SameOldNumber checks the holders of one 9-digit CMND number.
func (e *Engine) SameOldNumber(number string, holders []Person) []Finding {
	hs := distinctActive(holders)
	if number == "" || len(hs) < 2 {
		return nil
	}
	out := make([]Finding, 0, len(hs))
	for _, h := range hs {
		f := newFinding(CodeDuplicateOldNumber, h, nil,
			fmt.Sprintf("Số CMND %s cũng thuộc %d người khác", number, len(hs)-1),
			fmt.Sprintf("CMND number %s also belongs to %d other people", number, len(hs)-1))
		f.Subject = number
		out = append(out, f)
	}
	return out
}

func distinctActive(ps []Person) []*Person {
	seen := map[string]bool{}
	var out []*Person
	for i := range ps {
		p := &ps[i]
		if p.Status == registry.Merged || seen[p.CitizenID] {
			continue
		}
		seen[p.CitizenID] = true
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CitizenID < out[j].CitizenID })
	return out
}
