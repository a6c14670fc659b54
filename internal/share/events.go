package share

import (
	"time"
)

// EventType is a change an agency may be notified of.
type EventType string

const (
	EventDeath            EventType = "citizen.died"
	EventResidenceChanged EventType = "citizen.residence_changed"
	EventNumberIssued     EventType = "id_number.issued"
	EventNumberCancelled  EventType = "id_number.cancelled"
	EventCardRevoked      EventType = "card.revoked"
)

// EventTypes lists every event type.
var EventTypes = []EventType{EventDeath, EventResidenceChanged, EventNumberIssued, EventNumberCancelled, EventCardRevoked}

// Event is one entry of the outbox. Seq orders events totally (the feed
// cursor and the per-subscriber delivery order); ID is stable and lets
// subscribers drop a duplicate delivery. Data holds only what the event
// is about: the ID number concerned and, for a replacement, the new one;
// what an agency receives of it is cut to its field scope (ForAgency).
type Event struct {
	Seq        int64             `json:"seq"`
	ID         string            `json:"id"`
	Type       EventType         `json:"type"`
	OccurredAt time.Time         `json:"occurred_at"`
	Data       map[string]string `json:"data"`
	// CitizenID is the opaque id of the citizen the event is about, for
	// the audit of its delivery; never sent.
	CitizenID string `json:"-"`
}

// Subscription is an agency's webhook: events of Types are POSTed to URL
// in order, signed with the subscription's secret. Delivered is the Seq of
// the last acknowledged event.
type Subscription struct {
	ID        string      `json:"id"`
	AgencyID  string      `json:"agency_id"`
	URL       string      `json:"url"`
	Types     []EventType `json:"types"`
	Delivered int64       `json:"delivered_seq"`
	Attempts  int         `json:"attempts"`
	NextAt    time.Time   `json:"next_attempt_at,omitzero"`
	LastError string      `json:"last_error,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
	// Secret signs deliveries (HMAC-SHA256). Unlike client secrets it must
	// be kept recoverable to sign; it is shown once at creation.
	Secret string `json:"-"`
}

// Backoff is the wait before delivery attempt n+1 after n failures:
// 1 s doubling up to 10 minutes.
func Backoff(failures int) time.Duration {
	d := time.Second
	for i := 1; i < failures && d < 10*time.Minute; i++ {
		d *= 2
	}
	return min(d, 10*time.Minute)
}
