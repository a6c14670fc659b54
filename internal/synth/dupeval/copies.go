package dupeval

import (
	"math"
	"slices"
)

const (
	// secondClassShare is the share of first copies that carry a second
	// class from another group ("a typo together with a dropped middle
	// name").
	secondClassShare = 0.35
	// secondCopyShare is the share of duplicated people with a third form.
	secondCopyShare = 0.05
)

// ipair is a listed pair by index in gen.recs.
type ipair struct {
	a, b    int
	kind    Kind
	classes []Class
}

// makeCopies chooses who is duplicated, gives each first copy its first
// class by quota (so that classes that apply to few people, like
// tone_placement, still get their share), and builds the copies.
func (g *gen) makeCopies() []ipair {
	n := g.nOrig
	m := min(n, int(math.Round(g.opts.DuplicateShare*float64(n))))
	persons := g.r.Perm(n)[:m]
	first := g.assignFirstClasses(persons)
	var pairs []ipair
	for i, p := range persons {
		if first[i] < 0 {
			continue
		}
		c1, cls1, ok := g.makeCopy(p, first[i], true)
		if !ok {
			continue
		}
		pairs = append(pairs, ipair{a: p, b: c1, kind: Duplicate, classes: cls1})
		if g.r.Float64() >= secondCopyShare {
			continue
		}
		k := g.drawClass(g.ctxFor(p), nil)
		if k < 0 {
			continue
		}
		c2, cls2, ok := g.makeCopy(p, k, false)
		if !ok {
			continue
		}
		pairs = append(pairs,
			ipair{a: p, b: c2, kind: Duplicate, classes: cls2},
			ipair{a: c1, b: c2, kind: Duplicate, classes: unionClasses(cls1, cls2)})
	}
	return pairs
}

// ctxFor is a read-only context on an original, for applies checks.
func (g *gen) ctxFor(p int) *copyCtx {
	o := &g.recs[p].row
	return &copyCtx{g: g, orig: o, row: o, rc: g.recs[p]}
}

// assignFirstClasses returns the first class (index in ClassTable) of each
// person's copy, -1 when none applies.
func (g *gen) assignFirstClasses(persons []int) []int {
	m := len(persons)
	out := make([]int, m)
	for i := range out {
		out[i] = -1
	}
	if m == 0 {
		return out
	}
	total := 0.0
	for _, c := range ClassTable {
		total += c.Weight
	}
	// Scarce classes pick first, from the people they apply to.
	applicable := make([]int, len(ClassTable))
	for k, c := range ClassTable {
		for _, p := range persons {
			if c.applies(g.ctxFor(p)) {
				applicable[k]++
			}
		}
	}
	order := make([]int, len(ClassTable))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return applicable[a] - applicable[b] })
	for _, k := range order {
		quota := int(math.Round(float64(m) * ClassTable[k].Weight / total))
		for _, i := range g.r.Perm(m) {
			if quota == 0 {
				break
			}
			if out[i] < 0 && ClassTable[k].applies(g.ctxFor(persons[i])) {
				out[i] = k
				quota--
			}
		}
	}
	for i, p := range persons {
		if out[i] < 0 {
			out[i] = g.drawClass(g.ctxFor(p), nil)
		}
	}
	return out
}

// drawClass draws a class by weight among those that apply and that skip
// does not exclude; -1 if none.
func (g *gen) drawClass(c *copyCtx, skip func(k int) bool) int {
	var ks []int
	var ws []float64
	total := 0.0
	for k, info := range ClassTable {
		if (skip != nil && skip(k)) || !info.applies(c) {
			continue
		}
		ks = append(ks, k)
		ws = append(ws, info.Weight)
		total += info.Weight
	}
	if len(ks) == 0 {
		return -1
	}
	x := g.r.Float64() * total
	for i, w := range ws {
		if x < w {
			return ks[i]
		}
		x -= w
	}
	return ks[len(ks)-1]
}

// makeCopy builds one re-collected form of person p with first class k
// and, when allowed, a second class of another group. It returns the
// copy's index and its classes; ok is false if no class could apply.
func (g *gen) makeCopy(p, k int, allowSecond bool) (int, []Class, bool) {
	orig := &g.recs[p].row
	failed := map[int]bool{}
	for attempt := 0; attempt < 12 && k >= 0; attempt++ {
		rc := &rec{row: *orig, person: p, commune: g.recs[p].commune}
		ctx := &copyCtx{g: g, orig: orig, row: &rc.row, rc: rc}
		ks := []int{k}
		if allowSecond && g.r.Float64() < secondClassShare {
			k2 := g.drawClass(g.ctxFor(p), func(j int) bool {
				return failed[j] || ClassTable[j].Group == ClassTable[k].Group ||
					conflicts(ClassTable[j].Class, ClassTable[k].Class) ||
					!g.keepsEvidence(orig, []int{k, j})
			})
			if k2 >= 0 {
				ks = append(ks, k2)
			}
		}
		slices.Sort(ks) // the table's order is the order errors arise in
		ok := true
		for _, j := range ks {
			if !ClassTable[j].apply(ctx) {
				ok = false
				failed[j] = true
				break
			}
		}
		if !ok {
			if failed[k] {
				k = g.drawClass(g.ctxFor(p), func(j int) bool { return failed[j] })
			}
			continue
		}
		if g.opts.WithholdIDs && rc.row.Values[cID] == orig.Values[cID] {
			rc.row.Values[cID] = ""
		}
		classes := make([]Class, len(ks))
		for i, j := range ks {
			classes[i] = ClassTable[j].Class
		}
		g.incidentals(ctx)
		rc.copyNo = 1
		rc.classes = classes
		idx := len(g.recs)
		g.recs = append(g.recs, rc)
		return idx, classes, true
	}
	return 0, nil, false
}

func unionClasses(a, b []Class) []Class {
	out := slices.Clone(a)
	for _, c := range b {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(x, y Class) int { return classIndex[x] - classIndex[y] })
	return out
}

// Vietnamese words the import format accepts for codes, as a second
// collection may write them.
var (
	relationWordsVI = map[string][2]string{ // code -> (male, female)
		"head": {"chủ hộ", "chủ hộ"}, "spouse": {"chồng", "vợ"}, "child": {"con", "con"},
		"parent": {"cha", "mẹ"}, "grandchild": {"cháu", "cháu"}, "sibling": {"em", "chị"}, "other": {"khác", "khác"},
	}
)

// incidentals are the differences any two collections of one form have
// without being errors: optional fields left blank, codes written as
// words, another date layout, a phone with spaces. They are not classes:
// the importer reads both forms alike, or the fields carry no identity.
func (g *gen) incidentals(c *copyCtx) {
	r := g.r
	v := &c.row.Values
	blank := func(k int, p float64) {
		if r.Float64() < p {
			v[k] = ""
		}
	}
	blank(cBlood, 0.4)
	blank(cEmail, 0.5)
	blank(cMarital, 0.2)
	blank(cBirthPlace, 0.3)
	if v[cCurComm] == v[cPermComm] && v[cCurAddr] == v[cPermAddr] {
		if r.Float64() < 0.25 {
			v[cCurComm], v[cCurAddr] = "", ""
		}
	}
	if v[cNation] == "VN" {
		blank(cNation, 0.3)
	}
	if d, ok := c.birth(); ok && d.Day != 0 && r.Float64() < 0.25 {
		v[cBirth] = pad(d.Day, 2) + "/" + pad(d.Month, 2) + "/" + pad(d.Year, 4)
	}
	male, _ := sexOf(v[cSex])
	if (v[cSex] == "M" || v[cSex] == "F") && r.Float64() < 0.2 {
		v[cSex] = map[bool]string{true: "Nam", false: "Nữ"}[male]
	}
	if w, ok := relationWordsVI[v[cRelation]]; ok && r.Float64() < 0.2 {
		if male {
			v[cRelation] = w[0]
		} else {
			v[cRelation] = w[1]
		}
	}
	if v[cEthnicity] == "01" && r.Float64() < 0.15 {
		v[cEthnicity] = "Kinh"
	}
	if v[cReligion] == "00" && r.Float64() < 0.15 {
		v[cReligion] = "Không"
	}
	if ph := v[cPhone]; len(ph) == 10 && r.Float64() < 0.15 {
		if r.IntN(2) == 0 {
			v[cPhone] = ph[:4] + " " + ph[4:7] + " " + ph[7:]
		} else {
			v[cPhone] = "+84" + ph[1:]
		}
	}
	if c.asciiForm {
		// The words written above are typed on the same keyboard.
		for _, k := range []int{cSex, cRelation, cEthnicity, cReligion} {
			v[k] = stripMarks(v[k])
		}
	}
}
