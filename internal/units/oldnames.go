package units

import (
	"unicode/utf8"

	"dancu/internal/textfold"
)

// oldNameIndex finds an old commune by its full names (province, district,
// commune) as the mapping writes them. Exact NFC names are tried first, then
// names folded by textfold (the source writes "Hòa" where the list has
// "Hoà"), accepted only when one commune matches: some districts hold two
// communes that differ only in accents (Phường Sa Pa and Phường Sa Pả).
// Folding is slow next to the rest of Load, so it is done lazily, only
// within the one district a row names, and only for plausible candidates.
type oldNameIndex struct {
	ls        *list
	districts map[string]*node   // exact key -> district; nil: ambiguous
	folded    map[string]*node   // folded key -> district, built on first need
	children  map[*node][]string // folded full names of a district's communes
}

func newOldNameIndex(ls *list) *oldNameIndex {
	ix := &oldNameIndex{
		ls:        ls,
		districts: make(map[string]*node, 1024),
		children:  make(map[*node][]string),
	}
	for _, n := range ls.nodes {
		if n.unit.Level == District {
			putNode(ix.districts, nameKey(n.province.unit.FullName, n.unit.FullName), n)
		}
	}
	return ix
}

func putNode(m map[string]*node, k string, n *node) {
	if _, dup := m[k]; dup {
		n = nil
	}
	m[k] = n
}

func nameKey(province, district string) string { return province + "\x1f" + district }

// find returns the old commune the names denote, or nil if there is none or
// more than one.
func (ix *oldNameIndex) find(province, district, commune string) *node {
	if province == "" || district == "" || commune == "" {
		return nil
	}
	province, district, commune = cleanName(province), cleanName(district), cleanName(commune)
	d, ok := ix.districts[nameKey(province, district)]
	if !ok {
		d = ix.foldedDistrict(province, district)
	}
	if d == nil {
		return nil
	}
	var found *node
	n := 0
	for _, u := range d.children {
		if u.FullName == commune {
			found, n = ix.ls.nodes[u.Code], n+1
		}
	}
	if n == 0 {
		var f string
		for i, u := range d.children {
			if !mayFoldEqual(u.FullName, commune) {
				continue
			}
			if f == "" {
				f = textfold.Fold(commune)
			}
			if ix.foldedChild(d, i) == f {
				found, n = ix.ls.nodes[u.Code], n+1
			}
		}
	}
	if n != 1 {
		return nil
	}
	return found
}

func (ix *oldNameIndex) foldedDistrict(province, district string) *node {
	if ix.folded == nil {
		ix.folded = make(map[string]*node, 1024)
		for _, n := range ix.ls.nodes {
			if n.unit.Level == District {
				k := nameKey(textfold.Fold(n.province.unit.FullName), textfold.Fold(n.unit.FullName))
				putNode(ix.folded, k, n)
			}
		}
	}
	return ix.folded[nameKey(textfold.Fold(province), textfold.Fold(district))]
}

// foldedChild returns the folded full name of the i-th commune of district
// d, folding each name at most once.
func (ix *oldNameIndex) foldedChild(d *node, i int) string {
	names := ix.children[d]
	if names == nil {
		names = make([]string, len(d.children))
		ix.children[d] = names
	}
	if names[i] == "" {
		names[i] = textfold.Fold(d.children[i].FullName)
	}
	return names[i]
}

// mayFoldEqual is a cheap necessary condition for Fold(a) == Fold(b) on NFC
// Vietnamese names: folding turns each letter into one letter, so the names
// must have as many runes, and where both have an ASCII character it must be
// the same letter up to case. Names failing it need not be folded.
func mayFoldEqual(a, b string) bool {
	if utf8.RuneCountInString(a) != utf8.RuneCountInString(b) {
		return false
	}
	for len(a) > 0 && len(b) > 0 {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra < utf8.RuneSelf && rb < utf8.RuneSelf && lowerASCII(ra) != lowerASCII(rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return true
}

func lowerASCII(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}
