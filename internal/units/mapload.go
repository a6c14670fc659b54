package units

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"dancu/internal/textfold"
)

var mappingHeader = []string{
	"old_commune_code", "old_commune_name", "old_district_name", "old_province_name",
	"new_commune_code", "new_commune_name", "new_province_name",
}

// pair is one old -> new commune link.
type pair struct{ old, new *node }

// loadMapping reads the old-to-new commune mapping into the nodes' next and
// prev links. Rows with codes must be consistent with both lists (a mismatch
// means the data files disagree, so loading fails). Rows without an old code
// come from the source's name-only records; their new codes are unreliable
// (leading zeros lost, or another commune's code), so such a row is used
// only when the old names identify exactly one old commune and the new code
// and names agree with the new list.
func (c *Catalog) loadMapping(src MappingSource) error {
	oldL, newL := c.byID[List2025March], c.byID[List2025July]
	if oldL == nil || newL == nil {
		return &LoadError{File: src.Name,
			Err: fmt.Errorf("the mapping needs lists %s and %s", List2025March, List2025July)}
	}
	f, err := openCSV(src.Name, src.R, mappingHeader)
	if err != nil {
		return err
	}
	var (
		st    MappingStats
		pairs = make([]pair, 0, 16384)
		seen  = make(map[string]bool) // name-only rows, to count exact repeats
		names *oldNameIndex           // built on the first row that needs it
	)
	for {
		rec, line, err := f.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		st.Rows++
		// The source stored codes as numbers in places, dropping leading zeros.
		newCode, ok := padCode(rec[4])
		if !ok {
			return &LoadError{File: src.Name, Line: line,
				Err: fmt.Errorf("new_commune_code %q is not a commune code", rec[4])}
		}
		if rec[0] != "" {
			o, n := oldL.commune(rec[0]), newL.commune(newCode)
			if o == nil {
				return &LoadError{File: src.Name, Line: line,
					Err: fmt.Errorf("old_commune_code %q is not a commune of list %s", rec[0], oldL.id)}
			}
			if n == nil {
				return &LoadError{File: src.Name, Line: line,
					Err: fmt.Errorf("new_commune_code %q is not a commune of list %s", rec[4], newL.id)}
			}
			st.CodedRows++
			pairs = append(pairs, pair{o, n})
			continue
		}
		st.NoOldCode++
		key := strings.Join(rec, "\x00")
		if seen[key] {
			st.Duplicates++
			continue
		}
		seen[key] = true
		if names == nil {
			names = newOldNameIndex(oldL)
		}
		o := names.find(rec[3], rec[2], rec[1])
		n := newL.commune(newCode)
		if o == nil || n == nil || !sameCommune(n, rec[5], rec[6]) {
			st.Skipped++
			continue
		}
		st.NameMatched++
		pairs = append(pairs, pair{o, n})
	}
	pairs = linkPairs(pairs)
	st.Pairs = len(pairs)
	for _, n := range oldL.nodes {
		if len(n.next) > 1 {
			st.SplitOld++
		}
	}
	st.UnmappedOld = unlinked(oldL, func(n *node) []*node { return n.next })
	st.UnmappedNew = unlinked(newL, func(n *node) []*node { return n.prev })
	c.stats = st
	return nil
}

// linkPairs removes repeated pairs and sets every node's next (old side) and prev
// (new side) links, sorted by code. The links share two backing arrays
// instead of one small slice per commune, which keeps Load fast.
func linkPairs(pairs []pair) []pair {
	byOld := func(a, b pair) int {
		return cmp.Or(strings.Compare(a.old.unit.Code, b.old.unit.Code), strings.Compare(a.new.unit.Code, b.new.unit.Code))
	}
	slices.SortFunc(pairs, byOld)
	pairs = slices.CompactFunc(pairs, func(a, b pair) bool { return a == b })
	next := make([]*node, len(pairs))
	for i, p := range pairs {
		next[i] = p.new
	}
	for i := 0; i < len(pairs); {
		j := i + 1
		for j < len(pairs) && pairs[j].old == pairs[i].old {
			j++
		}
		pairs[i].old.next = next[i:j:j]
		i = j
	}
	byNew := slices.Clone(pairs)
	slices.SortFunc(byNew, func(a, b pair) int {
		return cmp.Or(strings.Compare(a.new.unit.Code, b.new.unit.Code), strings.Compare(a.old.unit.Code, b.old.unit.Code))
	})
	prev := make([]*node, len(byNew))
	for i, p := range byNew {
		prev[i] = p.old
	}
	for i := 0; i < len(byNew); {
		j := i + 1
		for j < len(byNew) && byNew[j].new == byNew[i].new {
			j++
		}
		byNew[i].new.prev = prev[i:j:j]
		i = j
	}
	return pairs
}

// unlinked returns the codes of the communes of ls without links, sorted.
func unlinked(ls *list, links func(*node) []*node) []string {
	var out []string
	for _, p := range ls.provinces {
		for _, u := range ls.nodes[p.Code].communes {
			if len(links(ls.nodes[u.Code])) == 0 {
				out = append(out, u.Code)
			}
		}
	}
	slices.Sort(out)
	return out
}

// padCode restores the leading zeros of a commune code stored as a number.
func padCode(s string) (string, bool) {
	if s == "" || len(s) > 5 || !isDigits(s, len(s)) {
		return "", false
	}
	return strings.Repeat("0", 5-len(s)) + s, true
}

// sameCommune reports whether a name-only row's new commune n is the one the
// row names, in the province it names ("Gia Lai" or "Thành phố Hà Nội": the
// source mixes short and full province names).
func sameCommune(n *node, name, province string) bool {
	if textfold.Fold(n.unit.FullName) != textfold.Fold(name) {
		return false
	}
	p := textfold.Fold(province)
	return p == textfold.Fold(n.province.unit.Name) || p == textfold.Fold(n.province.unit.FullName)
}
