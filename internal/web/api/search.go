package api

import (
	"net/http"
	"net/url"
	"strconv"

	"dancu/internal/apperr"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// Search limits: a page is at most maxLimit rows, and deep paging is
// refused because it turns into a scan; narrow the query instead.
const (
	defaultLimit = 50
	maxLimit     = 200
	maxOffset    = 10000
	maxQ         = 200
)

// parseSearchQuery reads the search parameters. q is free text as people
// type it (see registry.ParseSearch): "nguyen van hung 1990" is the folded
// name prefix "nguyen van hung" and the birth year 1990.
func parseSearchQuery(v url.Values) (registry.Query, error) {
	var bad []apperr.FieldError
	fail := func(field, reason string) { bad = append(bad, apperr.FieldError{Field: field, Reason: reason}) }
	raw := v.Get("q")
	if len(raw) > maxQ {
		fail("q", "at most "+strconv.Itoa(maxQ)+" bytes")
		raw = ""
	}
	q := registry.ParseSearch(raw)
	if y, ok := intParam(v, "birth_year", 1880, 2100, fail); ok && y != 0 {
		if q.BirthYear != 0 && q.BirthYear != y {
			fail("birth_year", "differs from the year in q")
		}
		q.BirthYear = y
	}
	q.Limit = defaultLimit
	if n, ok := intParam(v, "limit", 1, maxLimit, fail); ok && n != 0 {
		q.Limit = n
	}
	q.Offset, _ = intParam(v, "offset", 0, maxOffset, fail)
	if u := v.Get("unit"); u != "" {
		if !allDigits(u, 2, 3, 5) {
			fail("unit", "must be a 2-digit province, 3-digit district or 5-digit commune code; codes of the 2025-03-01 list are mapped to the current units")
		}
		q.Unit = u
	}
	if len(bad) > 0 {
		return registry.Query{}, apperr.WithFields("invalid search", bad...)
	}
	return q, nil
}

// intParam reads an optional integer parameter within [lo, hi]; absent is
// 0 and ok.
func intParam(v url.Values, name string, lo, hi int, fail func(field, reason string)) (int, bool) {
	s := v.Get(name)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		fail(name, "must be an integer from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
		return 0, false
	}
	return n, true
}

// scoped forces the unit filter into the user's jurisdiction: an empty
// filter becomes the user's unit, a filter outside it is refused.
func (s *server) scoped(c *call, unit string) (string, error) {
	if unit == "" {
		return c.user.Scope(), nil
	}
	if _, ok := s.units.Lookup(units.List2025July, unit); !ok {
		return "", apperr.WithFields("unknown unit", apperr.FieldError{Field: "unit", Reason: "not a unit of the " + string(units.List2025July) + " list"})
	}
	if !c.user.Covers(s.units, unit) {
		return "", apperr.New(apperr.Forbidden, "unit %s is outside your jurisdiction", unit)
	}
	return unit, nil
}

// search serves GET /citizens.
func (s *server) search(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := parseSearchQuery(r.URL.Query())
	if err != nil {
		return err
	}
	codes, res, err := c.user.SearchUnits(s.units, q.Unit)
	if err != nil {
		return err
	}
	out := searchPage{}
	if res.Mapped() && res.Code != "" {
		out.UnitFilter = &unitFilter{Code: res.Code, List: res.List, Units: units.ViewsOf(res.Units)}
	}
	q.Unit, q.Units = "", codes
	if out.Page, err = s.reg.Search(r.Context(), q); err != nil {
		return err
	}
	return s.disclose(w, r, c, actSearch, summaryIDs(out.Items), out)
}

// searchPage is a page of hits and, when the unit filter was a code of an
// older list, what it was taken to mean, so that a search by an old commune
// code never comes back empty without saying why.
type searchPage struct {
	registry.Page
	UnitFilter *unitFilter `json:"unit_filter,omitempty"`
}

type unitFilter struct {
	Code  string       `json:"code"`
	List  units.ListID `json:"list"`
	Units []units.View `json:"units"`
}

// householdMembers serves GET /households/{ref}/members, limited to the
// members registered within the user's jurisdiction.
func (s *server) householdMembers(w http.ResponseWriter, r *http.Request, c *call) error {
	page, err := registry.HouseholdMembers(r.Context(), s.reg, r.PathValue("ref"), c.user.Scope(), maxLimit)
	if err != nil {
		return err
	}
	if len(page.Items) == 0 {
		return apperr.New(apperr.NotFound, "no household with that reference in your jurisdiction")
	}
	return s.disclose(w, r, c, actHousehold, summaryIDs(page.Items), page)
}

func summaryIDs(items []registry.Summary) []string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}
