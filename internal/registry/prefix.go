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
	// An import asks this of every record, twice (the conversion's and the
	// quality rules' ID-structure checks): resolving the place each time
	// was ~1 s of a 1M import's CPU (pprof). The answer depends on the
	// catalog alone, which does not change, so a known place's is kept;
	// only places the catalog holds are, so the memory stays bounded by it
	// whatever a file contains.
	key := prefixKey{cat, p.List, p.Code}
	if pres, ok := placePrefixCache.Load(key); ok {
		return pres.([]string)
	}
	pres := placePrefixes(cat, p)
	if len(pres) > 0 {
		placePrefixCache.Store(key, pres)
	}
	return pres
}

type prefixKey struct {
	cat        *units.Catalog
	list, code string
}

// placePrefixCache maps a prefixKey to PlacePrefixes' answer; callers
// never modify the slices.
var placePrefixCache sync.Map

func placePrefixes(cat *units.Catalog, p Place) []string {
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
