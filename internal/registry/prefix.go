package registry

import (
	"sort"
	"sync"

	"dancu/internal/units"
)

// ID-number prefixes always use the 63-province list (domain.md §1.3), but
// places after 2025-07-01 are written in the 34-province list. A new
// province or commune was formed from one or more old provinces, so a place
// maps to a set of plausible prefixes.

var (
	newProvincePrefixesOnce sync.Once
	newProvincePrefixes     map[string][]string // new province code -> old prefixes
)

// provincePrefixesOf lists the prefixes of the old provinces that formed a
// province of the newest list.
func provincePrefixesOf(cat *units.Catalog, code string) []string {
	newProvincePrefixesOnce.Do(func() {
		m := map[string]map[string]bool{}
		for _, p := range cat.Provinces(units.List2025July) {
			set := map[string]bool{}
			for _, c := range cat.Communes(units.List2025July, p.Code) {
				for _, old := range cat.Predecessors(c.Code) {
					if op, ok := cat.ProvinceOf(units.List2025March, old.Code); ok {
						if pre, ok := units.IDPrefixFor(op.Code); ok {
							set[pre] = true
						}
					}
				}
			}
			m[p.Code] = set
		}
		newProvincePrefixes = map[string][]string{}
		for code, set := range m {
			for pre := range set {
				newProvincePrefixes[code] = append(newProvincePrefixes[code], pre)
			}
			sort.Strings(newProvincePrefixes[code])
		}
	})
	return newProvincePrefixes[code]
}

// PlacePrefixes returns the ID prefixes a place is compatible with; empty
// when the place is free text or unknown.
func PlacePrefixes(cat *units.Catalog, p Place) []string {
	if p.Code == "" {
		return nil
	}
	list := units.ListID(p.List)
	if list == units.List2025March {
		if prov, ok := cat.ProvinceOf(list, p.Code); ok {
			if pre, ok := units.IDPrefixFor(prov.Code); ok {
				return []string{pre}
			}
		}
		return nil
	}
	if len(p.Code) == 2 {
		return provincePrefixesOf(cat, p.Code)
	}
	seen := map[string]bool{}
	var out []string
	for _, old := range cat.Predecessors(p.Code) {
		if prov, ok := cat.ProvinceOf(units.List2025March, old.Code); ok {
			if pre, ok := units.IDPrefixFor(prov.Code); ok && !seen[pre] {
				seen[pre] = true
				out = append(out, pre)
			}
		}
	}
	sort.Strings(out)
	return out
}

// IDPrefixOf picks the prefix for a new number: the birth-registration
// place, else the hometown, else the permanent or current residence. When a
// place maps to several old provinces, the one whose old code equals the new
// code is preferred (every new province kept one predecessor's code), else
// the first. "" when nothing is known.
func IDPrefixOf(cat *units.Catalog, c Citizen) string {
	places := []Place{c.BirthRegistration, c.Hometown,
		{Code: c.Permanent.Commune, List: string(units.List2025July)},
		{Code: c.Current.Commune, List: string(units.List2025July)}}
	for _, p := range places {
		pres := PlacePrefixes(cat, p)
		if len(pres) == 0 {
			continue
		}
		if len(p.Code) == 2 {
			if own, ok := units.IDPrefixFor(p.Code); ok {
				for _, pre := range pres {
					if pre == own {
						return own
					}
				}
			}
		}
		return pres[0]
	}
	return ""
}
