package share

import (
	"context"
	"time"

	"dancu/internal/registry"
)

// Outbox stores agencies' change events inside the transaction of the
// change that causes them, so an event exists if and only if its change
// does.
type Outbox interface {
	// citizenID names the person the event is about, for the audit of its
	// deliveries; it is never sent to agencies.
	AppendEvent(ctx context.Context, t EventType, at time.Time, citizenID string, data map[string]string) error
}

// PendingEvent is an event derived from a change, before it is stored.
type PendingEvent struct {
	Type EventType
	Data map[string]string
}

// EventsOf derives the events of one written version: a death, a new
// permanent or temporary residence, a new or cancelled ID number.
func EventsOf(ch registry.Change) []PendingEvent {
	c, previous, created := ch.After, ch.Previous, ch.Created()
	var evs []PendingEvent
	add := func(t EventType, data map[string]string) { evs = append(evs, PendingEvent{t, data}) }
	if created && c.IDNumber != "" {
		add(EventNumberIssued, map[string]string{"id_number": c.IDNumber})
	}
	if old, ok := previous["id_number"].(string); ok && old != "" {
		add(EventNumberCancelled, map[string]string{"id_number": old, "replaced_by": c.IDNumber})
	}
	if _, ok := previous["id_number"]; ok && c.IDNumber != "" {
		add(EventNumberIssued, map[string]string{"id_number": c.IDNumber})
	}
	if _, ok := previous["status"]; ok && c.Status == registry.Dead {
		add(EventDeath, map[string]string{"id_number": c.IDNumber, "death_date": c.DeathDate.String()})
	}
	// A tạm trú registered, extended or deleted is a residence change too;
	// the data names the permanent residence, the one agencies hold.
	_, permanent := previous["permanent"]
	_, temporary := previous["temporary"]
	if (permanent || temporary) && !created {
		add(EventResidenceChanged, map[string]string{"id_number": c.IDNumber,
			"commune": c.Permanent.Commune, "province": c.Permanent.Province})
	}
	return evs
}

// ChangeEvents is the registry.ChangeHook that queues agencies' events for
// every change.
type ChangeEvents struct {
	Outbox Outbox
	// Citizens reads, inside the change's transaction, the survivor of a
	// merge: a merged record holds no number of its own, and a partner
	// following its cancelled number must learn where it leads.
	Citizens registry.Writer
}

// OnChange implements registry.ChangeHook.
func (h ChangeEvents) OnChange(ctx context.Context, ch registry.Change) error {
	evs := EventsOf(ch)
	if c := ch.After; c.Status == registry.Merged && c.MergedInto != "" {
		for _, e := range evs {
			if e.Type != EventNumberCancelled {
				continue
			}
			survivor, err := h.Citizens.LockCitizen(ctx, c.MergedInto)
			if err != nil {
				return err
			}
			e.Data["replaced_by"] = survivor.IDNumber
		}
	}
	for _, e := range evs {
		if err := h.Outbox.AppendEvent(ctx, e.Type, ch.After.UpdatedAt, ch.After.ID, e.Data); err != nil {
			return err
		}
	}
	return nil
}
