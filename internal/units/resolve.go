package units

import (
	"fmt"
	"slices"
	"strings"
)

// Resolution is what a unit code typed by a person means in the current
// list. People keep writing the codes printed on old papers, so a code that
// the current list does not know is looked up in the older lists and mapped
// forward through the commune mapping.
type Resolution struct {
	Code  string // the code as given
	List  ListID // the list the code was found in
	Units []Unit // what it covers in the current list, sorted by code
}

// Mapped reports whether the code came from an older list.
func (r Resolution) Mapped() bool {
	return len(r.Units) != 1 || r.Units[0].List != r.List || r.Units[0].Code != r.Code
}

// Codes returns the current-list codes of the resolution.
func (r Resolution) Codes() []string {
	out := make([]string, len(r.Units))
	for i, u := range r.Units {
		out[i] = u.Code
	}
	return out
}

// ResolveCode interprets a province (2 digits), district (3) or commune (5)
// code for the list current. A code of current is taken as such: codes
// reused on 2025-07-01 (province 15 was Yên Bái, now Lào Cai) mean the
// current unit. Otherwise the newest older list holding the code decides:
// an old commune becomes its successors, an old district or province the
// current units its communes went to (communes for a district, provinces
// for a province). An old unit with no successor is an error, not an empty
// filter, so a search never comes back empty without saying why.
func (c *Catalog) ResolveCode(code string, current ListID) (Resolution, error) {
	res := Resolution{Code: code, List: current}
	if !isDigits(code, len(code)) || (len(code) != 2 && len(code) != 3 && len(code) != 5) {
		return res, fmt.Errorf("units: %q is not a province (2 digits), district (3) or commune (5) code: %w", code, ErrUnknownUnit)
	}
	if n := c.node(current, code); n != nil {
		res.Units = []Unit{n.unit}
		return res, nil
	}
	for i := len(c.lists) - 1; i >= 0; i-- {
		ls := c.lists[i]
		n := ls.nodes[code]
		if ls.id == current || n == nil {
			continue
		}
		res.List = ls.id
		res.Units = c.forwardUnit(n, current)
		if len(res.Units) == 0 {
			return res, fmt.Errorf("units: %s %s (%s) of list %s maps to nothing in list %s: %w",
				n.unit.Level, code, n.unit.FullName, ls.id, current, ErrNoSuccessor)
		}
		return res, nil
	}
	return res, fmt.Errorf("units: %s is a code of no list: %w", code, ErrUnknownUnit)
}

// forwardUnit maps an old unit onto list current: communes to their
// successors, larger units to the current units of the same level (or
// communes where current has no such level) containing their communes'
// successors.
func (c *Catalog) forwardUnit(old *node, current ListID) []Unit {
	var communes []*node
	switch old.unit.Level {
	case Commune:
		communes = []*node{old}
	case Province:
		for _, u := range old.communes {
			communes = append(communes, c.node(old.unit.List, u.Code))
		}
	case District:
		for _, u := range old.children {
			communes = append(communes, c.node(old.unit.List, u.Code))
		}
	}
	seen := map[string]Unit{}
	for _, cn := range communes {
		for _, nx := range cn.next {
			if nx.unit.List != current {
				continue
			}
			u := nx.unit
			if old.unit.Level == Province {
				u = nx.province.unit
			}
			seen[u.Code] = u
		}
	}
	out := make([]Unit, 0, len(seen))
	for _, u := range seen {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b Unit) int { return strings.Compare(a.Code, b.Code) })
	return out
}
