package units

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Errors returned (wrapped) by ResolveCommune, for errors.Is.
var (
	ErrUnknownUnit = errors.New("unknown administrative unit")
	ErrNoSuccessor = errors.New("no successor in the newer list")
)

// MappingStats describes how the mapping file was used. Every row is
// counted in exactly one of CodedRows, Duplicates, NameMatched and Skipped.
type MappingStats struct {
	Rows        int      // data rows in the file
	NoOldCode   int      // rows with an empty old_commune_code (duplicates included)
	CodedRows   int      // rows with an old code; their codes must exist in the lists
	Duplicates  int      // rows without an old code repeating an earlier row exactly, ignored
	NameMatched int      // rows without an old code, used after identifying the old commune by name
	Skipped     int      // rows without an old code that could not be verified, ignored
	Pairs       int      // distinct (old, new) commune pairs
	SplitOld    int      // old communes with more than one successor
	UnmappedOld []string // old communes with no successor
	UnmappedNew []string // new communes with no predecessor
}

// MappingStats reports how the mapping file was used by Load.
func (c *Catalog) MappingStats() MappingStats {
	s := c.stats
	s.UnmappedOld = slices.Clone(s.UnmappedOld)
	s.UnmappedNew = slices.Clone(s.UnmappedNew)
	return s
}

// Successors returns the List2025July communes that an old (List2025March)
// commune became, sorted by code; nil if the code is unknown or unmapped.
func (c *Catalog) Successors(oldCommuneCode string) []Unit {
	if n := c.node(List2025March, oldCommuneCode); n != nil {
		return unitsOf(n.next)
	}
	return nil
}

// Predecessors returns the List2025March communes merged (wholly or partly)
// into a List2025July commune, sorted by code.
func (c *Catalog) Predecessors(newCommuneCode string) []Unit {
	if n := c.node(List2025July, newCommuneCode); n != nil {
		return unitsOf(n.prev)
	}
	return nil
}

func unitsOf(ns []*node) []Unit {
	if len(ns) == 0 {
		return nil
	}
	out := make([]Unit, len(ns))
	for i, n := range ns {
		out[i] = n.unit
	}
	return out
}

// ResolveCommune interprets a 5-digit commune code written under the list in
// force at asOf and returns the commune(s) it means in List2025July. Old
// codes are mapped forward, possibly to several communes when the old one was
// split. From 2025-07-01 a code of the new list is taken as such; a code only
// the old list knows is still mapped forward, because legacy batches keep
// using old codes after the reform.
func (c *Catalog) ResolveCommune(code string, asOf time.Time) ([]Unit, error) {
	if !isDigits(code, codeLen[Commune]) {
		return nil, fmt.Errorf("units: commune code %q is not 5 digits: %w", code, ErrUnknownUnit)
	}
	inForce := c.ListAt(asOf)
	if inForce == List2025July {
		if n := c.commune(List2025July, code); n != nil {
			return []Unit{n.unit}, nil
		}
		if n := c.commune(List2025March, code); n != nil {
			return forward(n)
		}
		return nil, fmt.Errorf("units: commune %s is in neither list %s nor list %s: %w",
			code, List2025July, List2025March, ErrUnknownUnit)
	}
	if n := c.commune(List2025March, code); n != nil {
		return forward(n)
	}
	hint := ""
	if c.commune(List2025July, code) != nil {
		hint = fmt.Sprintf(" (it is a code of list %s, not yet in force)", List2025July)
	}
	return nil, fmt.Errorf("units: commune %s is not in list %s, in force on %s%s: %w",
		code, inForce, asOf.Format(time.DateOnly), hint, ErrUnknownUnit)
}

// commune returns the commune with code in list l, or nil.
func (c *Catalog) commune(l ListID, code string) *node {
	if ls := c.byID[l]; ls != nil {
		return ls.commune(code)
	}
	return nil
}

func forward(old *node) ([]Unit, error) {
	if len(old.next) == 0 {
		return nil, fmt.Errorf("units: commune %s of list %s maps to nothing in list %s: %w",
			old.unit.Code, List2025March, List2025July, ErrNoSuccessor)
	}
	return unitsOf(old.next), nil
}
