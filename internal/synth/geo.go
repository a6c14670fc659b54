package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"dancu/internal/units"
)

// commune is one commune of the generated province with what the generator
// needs precomputed: the ID prefixes of the old provinces it was formed
// from, and a population weight.
type commune struct {
	code     string
	name     string // full name, e.g. "Xã Cẩm Xuyên"
	urban    bool   // phường: street addresses instead of thôn/xóm
	prefixes []string
}

// geo is the geography of one Generate run. Everything is resolved once, so
// the per-person work is index arithmetic.
type geo struct {
	list     units.ListID
	province units.Unit
	communes []commune
	weights  *table // population weight per commune (values are the codes); see pickCommune
	southern bool   // southern provinces say "ấp"/"khu phố", not "thôn"/"tổ"

	// Every ID prefix of the 63-province list, for the ~3% of people whose
	// birth was registered in another province, and what to write for them.
	allPrefixes []string
	prefixInfo  map[string]prefixInfo
}

// prefixInfo describes an old (63-list) province seen through an ID prefix.
type prefixInfo struct {
	name     string // "Tỉnh Quảng Bình", for the free-text birth_place
	codeNow  string // its province code in the list in force (the successor after 2025-07)
	nameNow  string
	shortOld string // "Quảng Bình"
}

// newGeo resolves the province in the list in force at asOf. A province of
// the 63-list (asOf before 2025-07-01) works too: its own prefix applies.
func newGeo(cat *units.Catalog, provinceCode string, list units.ListID, r *rand.Rand) (*geo, error) {
	prov, ok := cat.Lookup(list, provinceCode)
	if !ok || prov.Level != units.Province {
		return nil, fmt.Errorf("synth: province %q is not a province of list %s", provinceCode, list)
	}
	g := &geo{list: list, province: prov, prefixInfo: make(map[string]prefixInfo)}
	if n := atoi(provinceCode); n >= 70 {
		g.southern = true
	}
	old := cat.Provinces(units.List2025March)
	for _, p := range old {
		prefix, ok := units.IDPrefixFor(p.Code)
		if !ok {
			continue
		}
		info := prefixInfo{name: p.FullName, shortOld: p.Name, codeNow: p.Code, nameNow: p.FullName}
		if list != units.List2025March {
			// The old province's communes moved into one new province; the
			// first commune's successor tells which.
			if cs := cat.Communes(units.List2025March, p.Code); len(cs) > 0 {
				for _, s := range cat.Successors(cs[0].Code) {
					if np, ok := cat.ProvinceOf(list, s.Code); ok {
						info.codeNow, info.nameNow = np.Code, np.FullName
						break
					}
				}
			}
		}
		g.allPrefixes = append(g.allPrefixes, prefix)
		g.prefixInfo[prefix] = info
	}
	if len(g.allPrefixes) == 0 {
		return nil, fmt.Errorf("synth: no ID prefixes in list %s", units.List2025March)
	}

	cs := cat.Communes(list, provinceCode)
	if len(cs) == 0 {
		return nil, fmt.Errorf("synth: province %s has no communes in list %s", provinceCode, list)
	}
	w := make([]float64, len(cs))
	idx := make([]string, len(cs))
	for i, u := range cs {
		c := commune{code: u.Code, name: u.FullName, urban: strings.HasPrefix(u.FullName, "Phường")}
		c.prefixes = communePrefixes(cat, list, provinceCode, u.Code)
		g.communes = append(g.communes, c)
		// Communes differ in population; a log-normal weight per commune
		// (drawn from the run's own generator, so deterministic) avoids
		// perfectly even counts. Wards are denser than rural communes.
		w[i] = math.Exp(0.5 * r.NormFloat64())
		if c.urban {
			w[i] *= 1.5
		}
		idx[i] = u.Code
	}
	g.weights = newTable(idx, w)
	return g, nil
}

// communePrefixes returns the ID prefixes of the provinces a commune's
// people were born in: the old provinces of its predecessor communes (a
// commune of merged Quảng Trị may have been in old Quảng Bình or old Quảng
// Trị). Sorted, so the choice among them is deterministic.
func communePrefixes(cat *units.Catalog, list units.ListID, provinceCode, communeCode string) []string {
	if list == units.List2025March {
		p, _ := units.IDPrefixFor(provinceCode)
		return []string{p}
	}
	var out []string
	for _, old := range cat.Predecessors(communeCode) {
		op, ok := cat.ProvinceOf(units.List2025March, old.Code)
		if !ok {
			continue
		}
		if p, ok := units.IDPrefixFor(op.Code); ok && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		// A commune without mapped predecessors (an đặc khu formed from a
		// whole district): fall back to the province code when it is also
		// an old code, which holds for every new province.
		if p, ok := units.IDPrefixFor(provinceCode); ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// pickCommune returns a commune index, weighted by population.
func (g *geo) pickCommune(r *rand.Rand) int { return g.weights.index(r) }

// otherCommune returns a commune index different from i when there is one.
func (g *geo) otherCommune(r *rand.Rand, i int) int {
	if len(g.communes) < 2 {
		return i
	}
	j := r.IntN(len(g.communes) - 1)
	if j >= i {
		j++
	}
	return j
}

// Common street names; most towns have a Trần Phú or a Lê Lợi.
var streets = []string{
	"Trần Phú", "Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Quang Trung", "Lý Thường Kiệt",
	"Phan Đình Phùng", "Nguyễn Du", "Hà Huy Tập", "Nguyễn Trãi", "Lê Duẩn", "Hùng Vương",
	"Trần Hưng Đạo", "Lê Hồng Phong", "Nguyễn Văn Cừ", "Phan Bội Châu", "Xô Viết Nghệ Tĩnh",
	"Nguyễn Thị Minh Khai", "Điện Biên Phủ", "Võ Thị Sáu", "Lý Tự Trọng", "Mai Thúc Loan",
}

// Hamlet names used besides plain numbers ("Thôn 3").
var hamlets = []string{
	"Trung", "Đông", "Tây", "Nam", "Bắc", "Tân Phú", "Tân Lập", "Phú Sơn", "Yên Thành",
	"Hòa Bình", "Thượng", "Hạ", "Đồng Tâm", "Kim Liên", "Thanh Sơn", "An Lộc",
}

// address draws a household address in the style of the commune: rural
// communes have hamlets (thôn/xóm in the north and centre, ấp in the south),
// wards have house number, street and residential group.
func (g *geo) address(r *rand.Rand, c int) string {
	var b strings.Builder
	if g.communes[c].urban {
		switch x := r.IntN(10); {
		case x < 5:
			fmt.Fprintf(&b, "Số %d, đường %s, ", 1+r.IntN(250), streets[r.IntN(len(streets))])
			if g.southern {
				fmt.Fprintf(&b, "khu phố %d", 1+r.IntN(12))
			} else {
				fmt.Fprintf(&b, "tổ %d", 1+r.IntN(20))
			}
		case x < 7:
			fmt.Fprintf(&b, "Số %d, ngõ %d, đường %s", 1+r.IntN(80), 1+r.IntN(200), streets[r.IntN(len(streets))])
		default:
			if g.southern {
				fmt.Fprintf(&b, "Khu phố %d", 1+r.IntN(12))
			} else {
				fmt.Fprintf(&b, "Tổ dân phố %d", 1+r.IntN(20))
			}
		}
		return b.String()
	}
	word := "Thôn"
	switch {
	case g.southern:
		word = "Ấp"
	case r.IntN(3) == 0:
		word = "Xóm"
	}
	if r.IntN(3) == 0 {
		return word + " " + hamlets[r.IntN(len(hamlets))]
	}
	fmt.Fprintf(&b, "%s %d", word, 1+r.IntN(15))
	return b.String()
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}
