package quality

import (
	"sort"
	"strings"

	"dancu/internal/registry"
)

// Scanner runs every rule over a stream of citizens in one pass: record
// rules as each citizen arrives, cross-record rules at Finish from
// in-memory indexes (households, numbers). The work is linear in the
// number of records; memory holds one compact Person per record.
type Scanner struct {
	e          *Engine
	emit       func([]Finding) error
	people     []Person
	byNumber   map[string][]int32 // current and cancelled 12-digit numbers
	byOld      map[string][]int32
	households map[string][]int32
}

// NewScanner returns a scanner that passes findings to emit, in batches.
func (e *Engine) NewScanner(emit func([]Finding) error) *Scanner {
	return &Scanner{e: e, emit: emit, byNumber: map[string][]int32{}, byOld: map[string][]int32{}, households: map[string][]int32{}}
}

// Add checks one citizen's record and indexes it for Finish.
func (s *Scanner) Add(c *registry.Citizen) error {
	if c.Status == registry.Merged {
		return nil
	}
	if fs := s.e.Record(c); len(fs) > 0 {
		if err := s.emit(fs); err != nil {
			return err
		}
	}
	i := int32(len(s.people))
	p := PersonOf(c)
	s.people = append(s.people, p)
	// The maps are keyed by the Person's cloned strings: a key taken from c
	// is, during an import, a slice of its source line, and would keep the
	// whole line alive for the whole batch.
	if p.IDNumber != "" {
		s.byNumber[p.IDNumber] = append(s.byNumber[p.IDNumber], i)
	}
	for _, n := range c.CancelledIDNumbers {
		n = strings.Clone(n)
		s.byNumber[n] = append(s.byNumber[n], i)
	}
	if p.OldIDNumber != "" {
		s.byOld[p.OldIDNumber] = append(s.byOld[p.OldIDNumber], i)
	}
	if p.Household != "" {
		s.households[p.Household] = append(s.households[p.Household], i)
	}
	return nil
}

// Len is the number of records added.
func (s *Scanner) Len() int { return len(s.people) }

// Finish runs the cross-record rules.
func (s *Scanner) Finish() error {
	group := func(idx []int32) []Person {
		ps := make([]Person, len(idx))
		for k, i := range idx {
			ps[k] = s.people[i]
		}
		return ps
	}
	for _, ref := range sortedKeys(s.households) {
		if fs := s.e.Household(ref, group(s.households[ref])); len(fs) > 0 {
			if err := s.emit(fs); err != nil {
				return err
			}
		}
	}
	for _, n := range sortedKeys(s.byNumber) {
		if idx := s.byNumber[n]; len(idx) > 1 {
			if fs := s.e.SameNumber(n, group(idx)); len(fs) > 0 {
				if err := s.emit(fs); err != nil {
					return err
				}
			}
		}
	}
	for _, n := range sortedKeys(s.byOld) {
		if idx := s.byOld[n]; len(idx) > 1 {
			if fs := s.e.SameOldNumber(n, group(idx)); len(fs) > 0 {
				if err := s.emit(fs); err != nil {
					return err
				}
			}
		}
	}
	for i := range s.people {
		child := &s.people[i]
		if child.FatherNumber == "" && child.MotherNumber == "" {
			continue
		}
		if fs := s.e.Parents(child, s.holder(child.FatherNumber), s.holder(child.MotherNumber)); len(fs) > 0 {
			if err := s.emit(fs); err != nil {
				return err
			}
		}
	}
	return nil
}

// holder is the person who holds number, or nil.
func (s *Scanner) holder(number string) *Person {
	if number == "" {
		return nil
	}
	if idx := s.byNumber[number]; len(idx) > 0 {
		return &s.people[idx[0]]
	}
	return nil
}

func sortedKeys(m map[string][]int32) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
