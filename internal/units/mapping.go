package units

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"dancu/internal/textfold"
)

var mappingHeader = []string{
	"old_commune_code", "old_commune_name", "old_district_name", "old_province_name",
	"new_commune_code", "new_commune_name", "new_province_name",
}

// Errors returned (wrapped) by ResolveCommune, for errors.Is.
var (
	ErrUnknownUnit = errors.New("unknown administrative unit")
	ErrNoSuccessor = errors.New("no successor in the newer list")
)

// MappingStats describes how the mapping file was used. Every row is
// counted in exactly one of Duplicates, CodedRows, NameMatched and Skipped.
type MappingStats struct {
	Rows        int      // data rows in the file
	NoOldCode   int      // rows with an empty old_commune_code (duplicates included)
	Duplicates  int      // exact repeats of an earlier row, ignored
	CodedRows   int      // rows with an old code; all codes must exist in the lists
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
	return slices.Clone(c.succ[oldCommuneCode])
}

// Predecessors returns the List2025March communes merged (wholly or partly)
// into a List2025July commune, sorted by code.
func (c *Catalog) Predecessors(newCommuneCode string) []Unit {
	return slices.Clone(c.pred[newCommuneCode])
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
		if n := c.node(List2025July, code); n != nil && n.unit.Level == Commune {
			return []Unit{n.unit}, nil
		}
		if c.isCommune(List2025March, code) {
			return c.forward(code)
		}
		return nil, fmt.Errorf("units: commune %s is in neither list %s nor list %s: %w",
			code, List2025July, List2025March, ErrUnknownUnit)
	}
	if c.isCommune(List2025March, code) {
		return c.forward(code)
	}
	hint := ""
	if c.isCommune(List2025July, code) {
		hint = fmt.Sprintf(" (it is a code of list %s, not yet in force)", List2025July)
	}
	return nil, fmt.Errorf("units: commune %s is not in list %s, in force on %s%s: %w",
		code, inForce, asOf.Format(time.DateOnly), hint, ErrUnknownUnit)
}

func (c *Catalog) isCommune(l ListID, code string) bool {
	n := c.node(l, code)
	return n != nil && n.unit.Level == Commune
}

func (c *Catalog) forward(oldCode string) ([]Unit, error) {
	s := c.succ[oldCode]
	if len(s) == 0 {
		return nil, fmt.Errorf("units: commune %s of list %s maps to nothing in list %s: %w",
			oldCode, List2025March, List2025July, ErrNoSuccessor)
	}
	return slices.Clone(s), nil
}

// loadMapping reads the old-to-new commune mapping. Rows with codes must be
// consistent with both lists (a mismatch means the data files disagree, so
// loading fails). Rows without an old code come from the source's name-only
// records; their new codes are unreliable (leading zeros lost, or another
// commune's code), so such a row is used only when the old names identify
// exactly one old commune and the new code and names agree with the new list.
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
		seen  = make(map[string]bool, 16384)
		pairs = make(map[[2]string]bool, 16384)
		names *oldNameIndex // built on the first row that needs it
		succ  = make(map[string][]Unit, 16384)
		pred  = make(map[string][]Unit, 4096)
	)
	add := func(oldCode, newCode string) {
		k := [2]string{oldCode, newCode}
		if pairs[k] {
			return
		}
		pairs[k] = true
		succ[oldCode] = append(succ[oldCode], newL.nodes[newCode].unit)
		pred[newCode] = append(pred[newCode], oldL.nodes[oldCode].unit)
	}
	for {
		rec, line, err := f.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		st.Rows++
		oldCode := rec[0]
		if oldCode == "" {
			st.NoOldCode++
		}
		key := strings.Join(rec, "\x00")
		if seen[key] {
			st.Duplicates++
			continue
		}
		seen[key] = true
		// The source stored codes as numbers in places, dropping leading zeros.
		newCode, ok := padCode(rec[4])
		if !ok {
			return &LoadError{File: src.Name, Line: line, Err: fmt.Errorf("new_commune_code %q is not a commune code", rec[4])}
		}
		if oldCode != "" {
			if !isDigits(oldCode, 5) || !isCommuneIn(oldL, oldCode) {
				return &LoadError{File: src.Name, Line: line,
					Err: fmt.Errorf("old_commune_code %q is not a commune of list %s", oldCode, oldL.id)}
			}
			if !isCommuneIn(newL, newCode) {
				return &LoadError{File: src.Name, Line: line,
					Err: fmt.Errorf("new_commune_code %q is not a commune of list %s", rec[4], newL.id)}
			}
			st.CodedRows++
			add(oldCode, newCode)
			continue
		}
		if names == nil {
			names = newOldNameIndex(oldL)
		}
		oc, ok := names.find(rec[3], rec[2], rec[1])
		if !ok || !newMatches(newL, newCode, rec[5], rec[6]) {
			st.Skipped++
			continue
		}
		st.NameMatched++
		add(oc, newCode)
	}
	byCode := func(a, b Unit) int { return strings.Compare(a.Code, b.Code) }
	for k, v := range succ {
		slices.SortFunc(v, byCode)
		if len(v) > 1 {
			st.SplitOld++
		}
		succ[k] = v
	}
	for _, v := range pred {
		slices.SortFunc(v, byCode)
	}
	st.Pairs = len(pairs)
	st.UnmappedOld = unmatched(oldL, succ)
	st.UnmappedNew = unmatched(newL, pred)
	c.succ, c.pred, c.stats = succ, pred, st
	return nil
}

// padCode restores the leading zeros of a commune code stored as a number.
func padCode(s string) (string, bool) {
	if s == "" || len(s) > 5 || !isDigits(s, len(s)) {
		return "", false
	}
	return strings.Repeat("0", 5-len(s)) + s, true
}

func isCommuneIn(ls *list, code string) bool {
	n := ls.nodes[code]
	return n != nil && n.unit.Level == Commune
}

// newMatches reports whether a name-only mapping row's new code really is
// the commune it names, in the province it names ("Gia Lai" or "Thành phố
// Hà Nội": the source mixes short and full province names).
func newMatches(ls *list, code, name, province string) bool {
	n := ls.nodes[code]
	if n == nil || n.unit.Level != Commune || textfold.Fold(n.unit.FullName) != textfold.Fold(name) {
		return false
	}
	p := textfold.Fold(province)
	return p == textfold.Fold(n.province.unit.Name) || p == textfold.Fold(n.province.unit.FullName)
}

// unmatched returns the codes of the communes of ls missing from m, sorted.
func unmatched(ls *list, m map[string][]Unit) []string {
	var out []string
	for _, p := range ls.provinces {
		for _, u := range ls.nodes[p.Code].communes {
			if len(m[u.Code]) == 0 {
				out = append(out, u.Code)
			}
		}
	}
	slices.Sort(out) // provinces are in code order, but be explicit
	return out
}

// oldNameIndex finds an old commune by its full names (province, district,
// commune) as written in the mapping. Exact NFC names are tried first, then
// names folded by textfold (the source writes "Hòa" where the list has
// "Hoà"), accepted only when one commune matches: some districts hold two
// communes that differ only in accents (Phường Sa Pa and Phường Sa Pả).
// Folding is slow compared with the rest of Load, so it is done lazily and
// only within the one district a row names.
type oldNameIndex struct {
	districts map[string]*node // exact key -> district; nil value: ambiguous
	folded    map[string]*node // folded key -> district, built on first need
	ls        *list
	children  map[*node][]string // folded full names of a district's communes
	fold      map[string]string  // memoised textfold.Fold
}

func newOldNameIndex(ls *list) *oldNameIndex {
	ix := &oldNameIndex{
		districts: make(map[string]*node, 1024),
		ls:        ls,
		children:  make(map[*node][]string),
		fold:      make(map[string]string),
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

func (ix *oldNameIndex) folded1(s string) string {
	f, ok := ix.fold[s]
	if !ok {
		f = textfold.Fold(s)
		ix.fold[s] = f
	}
	return f
}

func (ix *oldNameIndex) find(province, district, commune string) (string, bool) {
	if province == "" || district == "" || commune == "" {
		return "", false
	}
	province, district, commune = textfold.Clean(province), textfold.Clean(district), textfold.Clean(commune)
	d, ok := ix.districts[nameKey(province, district)]
	if !ok {
		if ix.folded == nil {
			ix.folded = make(map[string]*node, 1024)
			for _, n := range ix.ls.nodes {
				if n.unit.Level == District {
					k := nameKey(ix.folded1(n.province.unit.FullName), ix.folded1(n.unit.FullName))
					putNode(ix.folded, k, n)
				}
			}
		}
		d = ix.folded[nameKey(ix.folded1(province), ix.folded1(district))]
	}
	if d == nil {
		return "", false
	}
	code, n := "", 0
	for _, u := range d.children {
		if u.FullName == commune {
			code, n = u.Code, n+1
		}
	}
	if n > 0 {
		return code, n == 1
	}
	// Folding keeps one letter per letter of an NFC Vietnamese name, so names
	// of a different length cannot match; skipping them avoids most folds.
	runes := utf8.RuneCountInString(commune)
	var f string
	for i, u := range d.children {
		if utf8.RuneCountInString(u.FullName) != runes {
			continue
		}
		if f == "" {
			f = textfold.Fold(commune)
		}
		if ix.foldedChild(d, i) == f {
			code, n = u.Code, n+1
		}
	}
	return code, n == 1
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

func nameKey(parts ...string) string { return strings.Join(parts, "\x1f") }
