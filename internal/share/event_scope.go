package share

import (
	"slices"
)

// eventData names, for every key an event's data may carry, the
// catalogue field an agency needs in its scope to receive it: an event is
// a disclosure like an eKYC answer, so the same field scope governs it.
// "" marks what belongs to the event itself rather than to the record
// (why a card was revoked). A key not listed is never delivered, so a key
// added to the outbox later cannot leak by default.
var eventData = map[string]string{
	"id_number":   "id_number",
	"replaced_by": "id_number",
	"death_date":  "death_date",
	"commune":     "permanent",
	"province":    "permanent",
	"reason":      "",
}

// ForAgency returns the event as an agency with this field scope may
// receive it. Every event names its citizen by ID number, so without
// id_number in scope there is nothing the agency may receive (ok false:
// the event is skipped, not delivered stripped). Otherwise Data keeps the
// keys whose field is in scope, in a new map.
func (e Event) ForAgency(scope []string) (Event, bool) {
	if !contains(scope, "id_number") {
		return Event{}, false
	}
	out := e
	out.Data = make(map[string]string, len(e.Data))
	for k, v := range e.Data {
		field, known := eventData[k]
		if known && (field == "" || contains(scope, field)) {
			out.Data[k] = v
		}
	}
	return out, true
}

// Disclosed summarises delivered events for the audit log: the citizens
// they name and the catalogue fields their data discloses, each once.
func Disclosed(evs []Event) (citizenIDs, fields []string) {
	citizenIDs, fields = []string{}, []string{}
	for _, e := range evs {
		if e.CitizenID != "" && !slices.Contains(citizenIDs, e.CitizenID) {
			citizenIDs = append(citizenIDs, e.CitizenID)
		}
		for k := range e.Data {
			if f := eventData[k]; f != "" && !slices.Contains(fields, f) {
				fields = append(fields, f)
			}
		}
	}
	slices.Sort(fields)
	return citizenIDs, fields
}

// NotificationPurpose is the purpose recorded for change notifications
// (the feed and webhooks), which the citizen's data tracker shows.
const NotificationPurpose = "nhận thông báo biến động thông tin công dân"
