package units

import (
	"fmt"
	"time"
)

// Listing is one level of a unit list, as browsed by people: the provinces,
// or the children of one unit, each commune with the mapping between the
// 2025-03 and 2025-07 lists.
type Listing struct {
	List   ListID
	From   time.Time // first day the list was in force
	Parent *Unit     // nil for the province level
	Items  []Entry
}

// Entry is a unit with the communes it became (old list) or came from (new
// list); both are empty for provinces and districts.
type Entry struct {
	Unit
	Successors   []Unit // old commune: the current communes it was merged into
	Predecessors []Unit // new commune: the old communes merged into it
}

// Browse lists the provinces of the list in force on asOf, or the direct
// children of parent in that list (districts of a 2025-03 province, communes
// of a district or of a 2025-07 province). A parent code the list does not
// know is an error naming the list, since codes were reused across lists.
func (c *Catalog) Browse(asOf time.Time, parent string) (Listing, error) {
	l := c.ListAt(asOf)
	out := Listing{List: l, From: c.EffectiveFrom(l)}
	var us []Unit
	if parent == "" {
		us = c.Provinces(l)
	} else {
		p, ok := c.Lookup(l, parent)
		if !ok {
			return out, fmt.Errorf("units: %q is not a unit of list %s, in force on %s: %w",
				parent, l, asOf.Format(time.DateOnly), ErrUnknownUnit)
		}
		out.Parent = &p
		us = c.Children(l, parent)
	}
	out.Items = make([]Entry, len(us))
	for i, u := range us {
		e := Entry{Unit: u}
		if u.Level == Commune {
			switch l {
			case List2025March:
				e.Successors = c.Successors(u.Code)
			case List2025July:
				e.Predecessors = c.Predecessors(u.Code)
			}
		}
		out.Items[i] = e
	}
	return out, nil
}
