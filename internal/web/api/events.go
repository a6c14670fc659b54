package api

import (
	"net/http"
	"strconv"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

type eventPage struct {
	Events []share.Event `json:"events"`
	// NextCursor is the after= value of the next page; it equals the
	// request's cursor when nothing new happened.
	NextCursor string `json:"next_cursor"`
}

// eventFeed serves GET /events?after=CURSOR&limit=N: the change events
// the agency may see, oldest first, each cut to the agency's field scope
// (share.Event.ForAgency). The cursor is an event's seq. The page is
// audited with the citizens its events name, so each shows in the
// citizen's data tracker.
func (s *server) eventFeed(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	q := r.URL.Query()
	after, err := cursorParam(q.Get("after"))
	if err != nil {
		return err
	}
	limit := 100
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 1000 {
			return apperr.WithFields("invalid limit", apperr.FieldError{Field: "limit", Reason: "1 to 1000"})
		}
	}
	evs, err := s.share.Store().Events(r.Context(), after, p.Agency.Events, limit)
	if err != nil {
		return err
	}
	page := eventPage{Events: make([]share.Event, 0, len(evs)), NextCursor: strconv.FormatInt(after, 10)}
	for _, ev := range evs {
		if scoped, ok := ev.ForAgency(p.Agency.Fields); ok {
			page.Events = append(page.Events, scoped)
		}
	}
	if len(evs) > 0 {
		// Past the skipped events too: the next page starts after them.
		page.NextCursor = strconv.FormatInt(evs[len(evs)-1].Seq, 10)
	}
	ids, fields := share.Disclosed(page.Events)
	if err := s.recordAgency(r.Context(), c, p, agencyAudit{action: actEventsRead, purpose: share.Purpose{Name: share.NotificationPurpose},
		fields: fields, citizenIDs: ids, result: "ok"}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func cursorParam(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, apperr.WithFields("invalid cursor", apperr.FieldError{Field: "after", Reason: "a next_cursor value from an earlier page"})
	}
	return n, nil
}
