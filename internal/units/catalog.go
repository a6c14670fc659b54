package units

import (
	"slices"
	"sync"
	"time"
)

// ListID names a list of administrative units by the date it took effect.
type ListID string

const (
	List2025March ListID = "2025-03-01" // 63 provinces / 696 districts / 10,035 communes
	List2025July  ListID = "2025-07-01" // 34 provinces / 3,321 communes
)

// Level is the tier of a unit.
type Level string

const (
	Province Level = "province"
	District Level = "district"
	Commune  Level = "commune"
)

// Unit is one administrative unit of one list.
type Unit struct {
	List       ListID
	Level      Level
	Code       string // 2 digits (province), 3 (district) or 5 (commune)
	Name       string // short name, NFC, e.g. "Ba Đình"
	FullName   string // with the type, NFC, e.g. "Quận Ba Đình"
	ParentCode string // "" for provinces
}

// Catalog is a set of unit lists plus the commune mapping between them.
// It is read-only after Load; every returned slice is a fresh copy so that
// callers cannot corrupt the shared Default catalog.
type Catalog struct {
	lists []*list // ordered by effective date
	byID  map[ListID]*list

	// How the List2025March -> List2025July commune mapping was loaded; the
	// links themselves are in the nodes (see mapload.go).
	stats MappingStats

	// Folded names for Search, built on first use so that Default stays fast.
	searchOnce sync.Once
	search     map[ListID][]searchEntry
}

// list is one version of the unit tree.
type list struct {
	id        ListID
	from      time.Time // first day in force, midnight UTC
	nodes     map[string]*node
	provinces []Unit // sorted by code
	counts    map[Level]int
}

// node is a unit with its links pre-computed at load time, so that queries
// are map lookups and short pointer walks.
type node struct {
	unit     Unit
	parent   *node  // nil for provinces
	province *node  // the province containing the unit; itself for a province
	children []Unit // direct children, sorted by code
	communes []Unit // provinces only: all communes below, sorted by code
	line     int    // line in the source file, for error messages

	// Commune mapping links, List2025March -> List2025July, sorted by code.
	next []*node // old commune: its successors
	prev []*node // new commune: its predecessors
}

// commune returns the commune with code, or nil.
func (ls *list) commune(code string) *node {
	if n := ls.nodes[code]; n != nil && n.unit.Level == Commune {
		return n
	}
	return nil
}

func (c *Catalog) node(l ListID, code string) *node {
	ls := c.byID[l]
	if ls == nil {
		return nil
	}
	return ls.nodes[code]
}

// Lists returns the IDs of the loaded lists, oldest first.
func (c *Catalog) Lists() []ListID {
	ids := make([]ListID, len(c.lists))
	for i, ls := range c.lists {
		ids[i] = ls.id
	}
	return ids
}

// ListAt returns the list in force on the calendar day of t (read in t's own
// location, so a date built at midnight in any zone lands on that day). Days
// before the oldest list use the oldest list: it is the best description we
// have of older addresses.
func (c *Catalog) ListAt(t time.Time) ListID {
	if len(c.lists) == 0 {
		return ""
	}
	y, m, d := t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for i := len(c.lists) - 1; i > 0; i-- {
		if !day.Before(c.lists[i].from) {
			return c.lists[i].id
		}
	}
	return c.lists[0].id
}

// EffectiveFrom returns the first day list l was in force (midnight UTC), or
// the zero time for an unknown list.
func (c *Catalog) EffectiveFrom(l ListID) time.Time {
	if ls := c.byID[l]; ls != nil {
		return ls.from
	}
	return time.Time{}
}

// Count returns how many units of level lv list l has.
func (c *Catalog) Count(l ListID, lv Level) int {
	if ls := c.byID[l]; ls != nil {
		return ls.counts[lv]
	}
	return 0
}

// Lookup returns the unit with code in list l. Codes are matched exactly
// (no trimming or zero-padding): normalise input before calling.
func (c *Catalog) Lookup(l ListID, code string) (Unit, bool) {
	if n := c.node(l, code); n != nil {
		return n.unit, true
	}
	return Unit{}, false
}

// Provinces returns the provinces of list l, sorted by code.
func (c *Catalog) Provinces(l ListID) []Unit {
	if ls := c.byID[l]; ls != nil {
		return slices.Clone(ls.provinces)
	}
	return nil
}

// Children returns the direct children of a unit, sorted by code: districts
// of a province in List2025March, communes of a province in List2025July,
// communes of a district.
func (c *Catalog) Children(l ListID, code string) []Unit {
	if n := c.node(l, code); n != nil {
		return slices.Clone(n.children)
	}
	return nil
}

// Communes returns every commune of a province, through its districts where
// the list has them, sorted by code.
func (c *Catalog) Communes(l ListID, provinceCode string) []Unit {
	if n := c.node(l, provinceCode); n != nil && n.unit.Level == Province {
		return slices.Clone(n.communes)
	}
	return nil
}

// Ancestors returns the unit itself followed by its parents up to the
// province, e.g. [commune, district, province]; nil for an unknown code.
func (c *Catalog) Ancestors(l ListID, code string) []Unit {
	var out []Unit
	for n := c.node(l, code); n != nil; n = n.parent {
		out = append(out, n.unit)
	}
	return out
}

// ProvinceOf returns the province containing the unit (itself for a
// province).
func (c *Catalog) ProvinceOf(l ListID, code string) (Unit, bool) {
	if n := c.node(l, code); n != nil {
		return n.province.unit, true
	}
	return Unit{}, false
}

// Contains reports whether code is ancestorCode or lies below it in list l.
// Unknown codes are contained in nothing.
func (c *Catalog) Contains(l ListID, ancestorCode, code string) bool {
	for n := c.node(l, code); n != nil; n = n.parent {
		if n.unit.Code == ancestorCode {
			return true
		}
	}
	return false
}
