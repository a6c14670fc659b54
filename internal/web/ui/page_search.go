package ui

import (
	"net/http"
	"strconv"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// searchForm is the search as the officer typed it. It travels in a POST
// body, never in a URL: names and numbers are personal data, and URLs end
// up in logs and browser history.
type searchForm struct {
	Q, IDNumber, OldNumber, Unit, BirthYear string
	// Offset is where the page of results starts; the next page posts the
	// same search with the next offset.
	Offset int
	Errors map[string]string
}

// NextOffset is the offset of the following page.
func (f searchForm) NextOffset() int { return f.Offset + searchLimit }

// maxSearchOffset bounds paging: deeper, the officer narrows the search.
const maxSearchOffset = 10000

type searchData struct {
	Form    searchForm
	Units   []units.Unit
	Results []registry.Summary
	More    bool
	// CanPage offers the next page; past maxSearchOffset the officer
	// narrows the search instead.
	CanPage bool
	Done    bool // a search ran (so "no results" can be said)
	// MappedFrom is set when the unit typed was a code of an older list, to
	// say which current units it was taken to mean.
	MappedFrom units.Resolution
}

const searchLimit = 50

func (s *server) searchPage(w http.ResponseWriter, r *http.Request, v *view) error {
	v.Title, v.Nav = v.T("search.title"), "citizens"
	s.render(w, r, v, http.StatusOK, "search", searchData{Units: s.unitChoices(v.User)})
	return nil
}

// unitChoices lists the units a user may filter on: the provinces for a
// national user, the communes of the user's province, or their commune.
func (s *server) unitChoices(u auth.User) []units.Unit {
	switch {
	case u.Role.National():
		return s.units.Provinces(auth.UnitList)
	case len(u.Unit) == 2:
		return s.units.Communes(auth.UnitList, u.Unit)
	}
	if un, ok := s.units.Lookup(auth.UnitList, u.Unit); ok {
		return []units.Unit{un}
	}
	return nil
}

func (s *server) searchSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	v.Title, v.Nav = v.T("search.title"), "citizens"
	f := searchForm{Q: strings.TrimSpace(r.PostFormValue("q")), IDNumber: digits(r.PostFormValue("id_number")),
		OldNumber: digits(r.PostFormValue("old_number")), Unit: r.PostFormValue("unit"),
		BirthYear: strings.TrimSpace(r.PostFormValue("birth_year")), Errors: map[string]string{}}
	if n, err := strconv.Atoi(r.PostFormValue("offset")); err == nil && n > 0 && n <= maxSearchOffset && n%searchLimit == 0 {
		f.Offset = n
	}
	d := searchData{Form: f, Units: s.unitChoices(v.User)}
	ids, err := s.runSearch(r, v, &d)
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		if err := s.disclose(r.Context(), v, "POST /citizens/search", actSearch, ids, "full_name", "birth_date", "sex", "id_number", "permanent_commune"); err != nil {
			return err
		}
	}
	status := http.StatusOK
	if len(d.Form.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	if r.Header.Get("HX-Request") == "true" {
		s.renderBlock(w, v, status, "search", "results", d)
		return nil
	}
	s.render(w, r, v, status, "search", d)
	return nil
}

// runSearch fills d.Results from the form: an ID number or old number is a
// point look-up; otherwise an accent-insensitive name prefix with filters.
// It returns the ids disclosed.
func (s *server) runSearch(r *http.Request, v *view, d *searchData) ([]string, error) {
	f := &d.Form
	switch {
	case f.IDNumber != "":
		if len(f.IDNumber) != 12 {
			f.Errors["id_number"] = v.T("search.err.id12")
			return nil, nil
		}
		z, err := s.reg.CitizenByIDNumber(r.Context(), f.IDNumber)
		return s.keepVisible(v, d, []registry.Citizen{z}, err)
	case f.OldNumber != "":
		if len(f.OldNumber) != 9 && len(f.OldNumber) != 12 {
			f.Errors["old_number"] = v.T("search.err.old")
			return nil, nil
		}
		zs, err := s.reg.CitizensByOldNumber(r.Context(), f.OldNumber)
		return s.keepVisible(v, d, zs, err)
	}
	q := registry.ParseSearch(f.Q)
	if f.BirthYear != "" {
		y, err := strconv.Atoi(f.BirthYear)
		if err != nil || y < 1880 || y > 2100 {
			f.Errors["birth_year"] = v.T("search.err.year")
			return nil, nil
		}
		q.BirthYear = y
	}
	codes, res, err := v.User.SearchUnits(s.units, strings.TrimSpace(f.Unit))
	switch {
	case apperr.Is(err, apperr.Forbidden):
		f.Errors["unit"] = v.T("search.err.unit")
		return nil, nil
	case err != nil:
		f.Errors["unit"] = v.T("search.err.unitcode")
		return nil, nil
	}
	if res.Code != "" && res.Mapped() {
		d.MappedFrom = res
	}
	q.Units, q.Limit, q.Offset = codes, searchLimit, f.Offset
	if q.Name == "" && q.BirthYear == 0 && q.BirthDate.Year == 0 && f.Unit == "" {
		f.Errors["q"] = v.T("search.err.empty")
		return nil, nil
	}
	page, err := s.reg.Search(r.Context(), q)
	if err != nil {
		return nil, err
	}
	d.Done, d.Results, d.More = true, page.Items, page.More
	d.CanPage = page.More && f.NextOffset() <= maxSearchOffset
	ids := make([]string, len(page.Items))
	for i, it := range page.Items {
		ids[i] = it.ID
	}
	return ids, nil
}

// keepVisible turns point look-ups into results, dropping records outside
// the user's jurisdiction (as if absent: a look-up must not confirm that a
// number exists elsewhere).
func (s *server) keepVisible(v *view, d *searchData, zs []registry.Citizen, err error) ([]string, error) {
	d.Done = true
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, z := range zs {
		if !v.User.CanSee(s.units, z.Permanent.Commune, z.Permanent.Province) {
			continue
		}
		d.Results = append(d.Results, registry.Summary{ID: z.ID, IDNumber: z.IDNumber, FullName: z.FullName,
			BirthDate: z.BirthDate, Sex: z.Sex, Status: z.Status, Commune: z.Permanent.Commune, HouseholdRef: z.HouseholdRef})
		ids = append(ids, z.ID)
	}
	return ids, nil
}

// digits keeps the digits of a number as typed with spaces or dots.
func digits(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}
