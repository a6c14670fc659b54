package units

import (
	"slices"
	"strings"

	"dancu/internal/textfold"
)

// searchEntry is a unit with its folded names, so that "ba dinh" finds
// "Quận Ba Đình".
type searchEntry struct {
	unit       Unit
	name, full string
}

var levelOrder = map[Level]int{Province: 0, District: 1, Commune: 2}

// Search finds units of list l whose name or full name contains query,
// ignoring case and accents. Exact name matches come first, then prefix
// matches, then other matches; ties go to higher levels, then lower codes.
// limit <= 0 means no limit.
func (c *Catalog) Search(l ListID, query string, limit int) []Unit {
	q := textfold.Fold(query)
	if q == "" {
		return nil
	}
	c.searchOnce.Do(c.buildSearch)
	type hit struct {
		rank int
		u    Unit
	}
	var hits []hit
	for _, e := range c.search[l] {
		var rank int
		switch {
		case e.name == q || e.full == q:
			rank = 0
		case strings.HasPrefix(e.name, q) || strings.HasPrefix(e.full, q):
			rank = 1
		case strings.Contains(e.full, q): // full contains name
			rank = 2
		default:
			continue
		}
		hits = append(hits, hit{rank, e.unit})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if d := levelOrder[a.u.Level] - levelOrder[b.u.Level]; d != 0 {
			return d
		}
		return strings.Compare(a.u.Code, b.u.Code)
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]Unit, len(hits))
	for i, h := range hits {
		out[i] = h.u
	}
	return out
}

// buildSearch folds every name once; it runs on the first Search rather than
// in Load because most users of the catalog never search.
func (c *Catalog) buildSearch() {
	c.search = make(map[ListID][]searchEntry, len(c.lists))
	for _, ls := range c.lists {
		es := make([]searchEntry, 0, len(ls.nodes))
		for _, n := range ls.nodes {
			es = append(es, searchEntry{
				unit: n.unit,
				name: textfold.Fold(n.unit.Name),
				full: textfold.Fold(n.unit.FullName),
			})
		}
		c.search[ls.id] = es
	}
}
