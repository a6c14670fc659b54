package units

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"dancu/internal/textfold"
)

// ListSource is one unit list for Load.
type ListSource struct {
	ID   ListID
	From time.Time // first day in force; only the calendar date is used
	Name string    // file name, for error messages
	R    io.Reader // CSV with header level,code,name,full_name,parent_code
}

// MappingSource is the commune mapping from List2025March to List2025July
// for Load.
type MappingSource struct {
	Name string    // file name, for error messages
	R    io.Reader // CSV, see mappingHeader
}

var unitHeader = []string{"level", "code", "name", "full_name", "parent_code"}

// codeLen is the GSO code length of each level; it also makes codes of
// different levels in one list distinct, which Contains relies on.
var codeLen = map[Level]int{Province: 2, District: 3, Commune: 5}

// Load builds a catalog from unit lists and an optional commune mapping
// (nil to load none; it needs both List2025March and List2025July). Errors
// are *LoadError values naming the file and, where possible, the line.
func Load(lists []ListSource, mapping *MappingSource) (*Catalog, error) {
	if len(lists) == 0 {
		return nil, errors.New("units: no lists to load")
	}
	c := &Catalog{byID: make(map[ListID]*list, len(lists))}
	for _, src := range lists {
		if src.ID == "" {
			return nil, &LoadError{File: src.Name, Err: errors.New("list has no ID")}
		}
		if _, dup := c.byID[src.ID]; dup {
			return nil, &LoadError{File: src.Name, Err: fmt.Errorf("list %s given twice", src.ID)}
		}
		ls, err := loadList(src)
		if err != nil {
			return nil, err
		}
		c.lists = append(c.lists, ls)
		c.byID[ls.id] = ls
	}
	slices.SortFunc(c.lists, func(a, b *list) int { return a.from.Compare(b.from) })
	for i := 1; i < len(c.lists); i++ {
		if c.lists[i].from.Equal(c.lists[i-1].from) {
			return nil, fmt.Errorf("units: lists %s and %s take effect on the same day",
				c.lists[i-1].id, c.lists[i].id)
		}
	}
	if mapping != nil {
		if err := c.loadMapping(*mapping); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func loadList(src ListSource) (*list, error) {
	y, m, d := src.From.Date()
	ls := &list{
		id:     src.ID,
		from:   time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		nodes:  make(map[string]*node, 16384),
		counts: make(map[Level]int, 3),
	}
	f, err := openCSV(src.Name, src.R, unitHeader)
	if err != nil {
		return nil, err
	}
	var rows []*node // in file order
	for {
		rec, line, err := f.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		u, err := parseUnit(src.ID, rec)
		if err != nil {
			return nil, &LoadError{File: src.Name, Line: line, Err: err}
		}
		if prev, dup := ls.nodes[u.Code]; dup {
			return nil, &LoadError{File: src.Name, Line: line,
				Err: fmt.Errorf("code %s already defined on line %d", u.Code, prev.line)}
		}
		n := &node{unit: u, line: line}
		ls.nodes[u.Code] = n
		rows = append(rows, n)
		ls.counts[u.Level]++
	}
	if len(rows) == 0 {
		return nil, &LoadError{File: src.Name, Err: errors.New("no units")}
	}
	if err := ls.link(src.Name, rows); err != nil {
		return nil, err
	}
	return ls, nil
}

func parseUnit(id ListID, rec []string) (Unit, error) {
	u := Unit{
		List:       id,
		Level:      Level(rec[0]),
		Code:       rec[1],
		Name:       cleanName(rec[2]), // some source names are decomposed (NFD)
		FullName:   cleanName(rec[3]),
		ParentCode: rec[4],
	}
	n, ok := codeLen[u.Level]
	if !ok {
		return Unit{}, fmt.Errorf("unknown level %q, want province, district or commune", rec[0])
	}
	if !isDigits(u.Code, n) {
		return Unit{}, fmt.Errorf("%s code %q is not %d digits", u.Level, u.Code, n)
	}
	if u.Name == "" || u.FullName == "" {
		return Unit{}, fmt.Errorf("%s %s has an empty name", u.Level, u.Code)
	}
	if (u.Level == Province) != (u.ParentCode == "") {
		if u.Level == Province {
			return Unit{}, fmt.Errorf("province %s has parent %q, want none", u.Code, u.ParentCode)
		}
		return Unit{}, fmt.Errorf("%s %s has no parent", u.Level, u.Code)
	}
	return u, nil
}

// link connects every unit to its parent and province and fills the sorted
// child and commune slices. Parents must be one level up, except that a
// commune may hang directly off a province (lists without districts).
func (ls *list) link(file string, rows []*node) error {
	for _, r := range rows {
		u := r.unit
		if u.Level == Province {
			continue
		}
		p := ls.nodes[u.ParentCode]
		if p == nil {
			return &LoadError{File: file, Line: r.line,
				Err: fmt.Errorf("%s %s: parent %s does not exist (orphan)", u.Level, u.Code, u.ParentCode)}
		}
		pl := p.unit.Level
		if pl == Commune || (u.Level == District && pl != Province) {
			return &LoadError{File: file, Line: r.line,
				Err: fmt.Errorf("%s %s: parent %s is a %s", u.Level, u.Code, u.ParentCode, pl)}
		}
		r.parent = p
		p.children = append(p.children, u)
	}
	// Parents are strictly higher levels, so these walks end within 3 steps.
	for _, r := range rows {
		top := r
		for top.parent != nil {
			top = top.parent
		}
		r.province = top
		switch r.unit.Level {
		case Province:
			ls.provinces = append(ls.provinces, r.unit)
		case Commune:
			top.communes = append(top.communes, r.unit)
		}
	}
	byCode := func(a, b Unit) int { return strings.Compare(a.Code, b.Code) }
	slices.SortFunc(ls.provinces, byCode)
	for _, r := range rows {
		slices.SortFunc(r.children, byCode)
		slices.SortFunc(r.communes, byCode)
	}
	return nil
}

// cleanName returns s in NFC with single spaces (textfold.Clean). Almost
// every name is already clean, and Clean re-splits every name that has a
// space, which made it the largest cost of Load; so names made only of
// printable ASCII and precomposed Latin letters (U+00C0..U+024F,
// U+1E00..U+1EFF: all NFC-stable, none combining) with single inner spaces
// are returned as they are.
func cleanName(s string) string {
	prevSpace := true // also rejects a leading space
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return textfold.Clean(s)
			}
			prevSpace = true
			continue
		case r > ' ' && r <= '~', r >= 0xC0 && r <= 0x24F, r >= 0x1E00 && r <= 0x1EFF:
		default:
			return textfold.Clean(s)
		}
		prevSpace = false
	}
	if prevSpace && s != "" {
		return textfold.Clean(s) // trailing space
	}
	return s
}
