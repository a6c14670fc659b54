package issuance

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// List sizes: a page holds at most MaxPage applications; exports read
// pages of exportPage until the list ends.
const (
	DefaultPage = 100
	MaxPage     = 1000
	exportPage  = 500
)

// Position is where a page of applications ends in the list order
// (received_at, then id): the next page starts after it.
type Position struct {
	ReceivedAt time.Time
	ID         string
}

// IsZero reports the start of the list.
func (p Position) IsZero() bool { return p.ID == "" }

// ApplicationPage is one page of a list of applications. Next is the
// opaque cursor of the following page; "" means the list ends here, so a
// list never stops silently.
type ApplicationPage struct {
	Items []Application `json:"items"`
	Next  string        `json:"next_cursor,omitempty"`
}

// LatePage is one page of late applications.
type LatePage struct {
	Items []Late `json:"items"`
	Next  string `json:"next_cursor,omitempty"`
}

// EncodeCursor makes the opaque cursor of a position.
func EncodeCursor(p Position) string {
	raw := strconv.FormatInt(p.ReceivedAt.UnixNano(), 10) + "." + p.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor reads a cursor made by EncodeCursor; "" is the start.
func ParseCursor(s string) (Position, error) {
	if s == "" {
		return Position{}, nil
	}
	bad := apperr.WithFields("invalid cursor", apperr.FieldError{Field: "cursor", Reason: "not a cursor this list returned"})
	if len(s) > 200 {
		return Position{}, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Position{}, bad
	}
	nanos, id, ok := strings.Cut(string(raw), ".")
	n, err := strconv.ParseInt(nanos, 10, 64)
	if !ok || err != nil || id == "" || len(id) > 64 {
		return Position{}, bad
	}
	return Position{ReceivedAt: time.Unix(0, n).UTC(), ID: id}, nil
}

// pageSize applies the default and the maximum to a requested size.
func pageSize(n int) int {
	switch {
	case n <= 0:
		return DefaultPage
	case n > MaxPage:
		return MaxPage
	}
	return n
}

// ApplicationsPage lists one page of the applications f selects within
// the user's jurisdiction, in received order, from cursor on.
func (s *Service) ApplicationsPage(ctx context.Context, u auth.User, f Filter, cursor string) (ApplicationPage, error) {
	var err error
	if f.After, err = ParseCursor(cursor); err != nil {
		return ApplicationPage{}, err
	}
	size := pageSize(f.Limit)
	f.Limit = size + 1 // one more tells whether a next page exists
	items, err := s.Applications(ctx, u, f)
	if err != nil {
		return ApplicationPage{}, err
	}
	page := ApplicationPage{Items: items}
	if len(items) > size {
		page.Items = items[:size]
		last := page.Items[size-1]
		page.Next = EncodeCursor(Position{ReceivedAt: last.ReceivedAt, ID: last.ID})
	}
	return page, nil
}

// LatePageOn lists one page of the user's applications late on day.
func (s *Service) LatePageOn(ctx context.Context, u auth.User, day time.Time, limit int, cursor string) (LatePage, error) {
	apps, err := s.ApplicationsPage(ctx, u, Filter{LateOn: &day, Limit: limit}, cursor)
	if err != nil {
		return LatePage{}, err
	}
	out := LatePage{Items: make([]Late, len(apps.Items)), Next: apps.Next}
	for i, a := range apps.Items {
		out.Items[i] = Late{Application: a, WorkingDaysOverdue: WorkingDaysBetween(s.cfg.Calendar, a.PromisedDate, day)}
	}
	return out, nil
}

// EachApplication hands every application f selects within the user's
// jurisdiction to fn, a page at a time, until the list ends: exports
// stream all rows without holding them, and never stop at a page size.
func (s *Service) EachApplication(ctx context.Context, u auth.User, f Filter, fn func([]Application) error) error {
	f.Limit, f.After = exportPage, Position{}
	cursor := ""
	for {
		page, err := s.ApplicationsPage(ctx, u, f, cursor)
		if err != nil {
			return err
		}
		if len(page.Items) > 0 {
			if err := fn(page.Items); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		cursor = page.Next
	}
}
