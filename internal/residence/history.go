package residence

import (
	"time"

	"dancu/internal/pdate"

	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// Actions of a residence change.
const (
	Registered = "registered" // a registration where there was none
	Moved      = "moved"      // registered at another place
	Extended   = "extended"   // the term of a tạm trú moved on
	Deleted    = "deleted"    // xóa đăng ký, with its ground
	Restored   = "restored"   // a deletion undone (a death corrected away)
	Changed    = "changed"    // any other correction
	Declared   = "declared"   // a tạm vắng declared
	Ended      = "ended"      // a tạm vắng cleared
)

// Change is one change of a record's residence: which registration, what
// happened, before and after, the ground of a deletion, and the
// procedure and dossier (or the correction) whose version made it.
type Change struct {
	Version      int                `json:"version"`
	RecordedAt   time.Time          `json:"recorded_at"`
	ValidFrom    time.Time          `json:"valid_from"`
	Registration string             `json:"registration"` // permanent, temporary, absence
	Action       string             `json:"action"`
	Before       registry.Residence `json:"before,omitzero"`
	After        registry.Residence `json:"after,omitzero"`
	Absence      registry.Absence   `json:"absence,omitzero"`
	Ground       *Ground            `json:"ground,omitempty"`
	// Procedure and Dossier name the procedure whose approval made the
	// change; both are empty for a correction or an import.
	Procedure string `json:"procedure,omitempty"`
	Dossier   string `json:"dossier,omitempty"`
	Actor     string `json:"actor"`
	Reason    string `json:"reason"`
}

// History is a record's current residence and every change of it, the
// newest first. A tạm trú whose term ended is not current: Temporary is
// empty then, and the changes show it.
type History struct {
	CitizenID string             `json:"citizen_id"`
	Permanent registry.Residence `json:"permanent,omitzero"`
	Temporary registry.Residence `json:"temporary,omitzero"`
	Absence   registry.Absence   `json:"absence,omitzero"`
	Changes   []Change           `json:"changes"`
}

// HistoryOf reads the residence history out of a record's versions
// (oldest first, as registry.Store.History returns them), current as of
// day.
func HistoryOf(vs []registry.Version, day pdate.Date) History {
	h := History{Changes: []Change{}}
	var prev registry.Citizen
	for i, v := range vs {
		cur := v.Data
		base := Change{Version: v.Number, RecordedAt: v.RecordedAt, ValidFrom: v.ValidFrom, Actor: v.Actor, Reason: v.Reason}
		base.Procedure, base.Dossier, _ = procedure.ParseReason(v.Reason)
		for _, reg := range []string{Permanent, Temporary} {
			if ch, ok := residenceChange(reg, *registrationOf(&prev, reg), *registrationOf(&cur, reg), i == 0); ok {
				c := base
				c.Registration, c.Action, c.Before, c.After, c.Ground = reg, ch.Action, ch.Before, ch.After, ch.Ground
				h.Changes = append(h.Changes, c)
			}
		}
		if cur.Absence != prev.Absence {
			c := base
			c.Registration, c.Action, c.Absence = "absence", Declared, cur.Absence
			if cur.Absence.IsZero() {
				c.Action, c.Absence = Ended, prev.Absence
			}
			h.Changes = append(h.Changes, c)
		}
		prev = cur
	}
	for i, j := 0, len(h.Changes)-1; i < j; i, j = i+1, j-1 {
		h.Changes[i], h.Changes[j] = h.Changes[j], h.Changes[i]
	}
	if n := len(vs); n > 0 {
		last := vs[n-1].Data
		h.CitizenID, h.Permanent, h.Absence = last.ID, last.Permanent, last.Absence
		if !Expired(last.Temporary, day) {
			h.Temporary = last.Temporary
		}
	}
	return h
}

// residenceChange classifies the change of one registration.
func residenceChange(reg string, before, after registry.Residence, first bool) (Change, bool) {
	if before == after {
		return Change{}, false
	}
	c := Change{Before: before, After: after}
	samePlace := before.Commune == after.Commune && before.Address == after.Address
	switch {
	case after.DeletedFor != "" && before.DeletedFor != after.DeletedFor:
		c.Action = Deleted
		if g, ok := GroundOf(reg, after.DeletedFor); ok {
			c.Ground = &g
		}
	case before.DeletedFor != "" && after.Registered() && samePlace:
		c.Action = Restored
	case !before.Registered() && after.Registered(), first:
		c.Action = Registered
	case before.Registered() && after.Registered() && !samePlace:
		c.Action = Moved
		if reg == Permanent {
			g, _ := GroundOf(Permanent, GroundRegisteredElsewhere)
			c.Ground = &g // the old commune's registration ends with the move
		}
	case samePlace && before.Until != after.Until && after.Until.Compare(before.Until) > 0:
		c.Action = Extended
	default:
		c.Action = Changed
	}
	return c, true
}
