// Package runmerge merges sorted runs into one sorted stream: the k-way
// merge behind the streaming passes that sort more than fits in memory
// (the importer's duplicate record refs, the quality scan's keyed
// entries), whose runs are spilled files and an in-memory rest.
package runmerge

// Run is one sorted run read in order. Advance moves to its next item and
// reports false at its end; the current item is the run's own business
// (a field the less function of New compares).
type Run interface {
	Advance() (bool, error)
}

// Merger is a min-heap of the runs' current items.
type Merger[R Run] struct {
	heads []R
	less  func(a, b R) bool
}

// New advances every run to its first item and keeps those that have one.
func New[R Run](runs []R, less func(a, b R) bool) (*Merger[R], error) {
	m := &Merger[R]{heads: make([]R, 0, len(runs)), less: less}
	for _, r := range runs {
		ok, err := r.Advance()
		if err != nil {
			return nil, err
		}
		if ok {
			m.heads = append(m.heads, r)
		}
	}
	for i := len(m.heads)/2 - 1; i >= 0; i-- {
		m.down(i)
	}
	return m, nil
}

// Top is the run whose current item is the smallest; false once every
// run has ended.
func (m *Merger[R]) Top() (R, bool) {
	if len(m.heads) == 0 {
		var none R
		return none, false
	}
	return m.heads[0], true
}

// Next advances the top run past its current item.
func (m *Merger[R]) Next() error {
	ok, err := m.heads[0].Advance()
	if err != nil {
		return err
	}
	if !ok {
		last := len(m.heads) - 1
		m.heads[0] = m.heads[last]
		var none R
		m.heads[last] = none
		m.heads = m.heads[:last]
	}
	m.down(0)
	return nil
}

// down sifts the run at i down to its place.
func (m *Merger[R]) down(i int) {
	n := len(m.heads)
	for {
		small, l := i, 2*i+1
		if l < n && m.less(m.heads[l], m.heads[small]) {
			small = l
		}
		if r := l + 1; r < n && m.less(m.heads[r], m.heads[small]) {
			small = r
		}
		if small == i {
			return
		}
		m.heads[i], m.heads[small] = m.heads[small], m.heads[i]
		i = small
	}
}
