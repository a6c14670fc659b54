package synth

import (
	"math"
)

// Household types and their shares. Vietnam's households average ~3.5
// people; most are nuclear, about one in eight has three generations, and
// "skipped-generation" households (grandparents raising grandchildren while
// the parents work in the cities) are common in provinces like Hà Tĩnh.
// The shares and age bands below were tuned by hand (TestAgePyramid) so
// that the resulting population is close to agePyramid: ~24% under 15,
// ~12.5% aged 60+, median ~31-32 (real: 32-33; without cohort-size waves
// the teens come out slightly over-represented).
const (
	hhNuclear = iota
	hhThreeGen
	hhWithParent
	hhSingleElder
	hhYoungSingle
	hhSingleParent
	hhSkipGen
)

var householdTypes = []float64{
	hhNuclear:      0.63,
	hhThreeGen:     0.11,
	hhWithParent:   0.06,
	hhSingleElder:  0.045,
	hhYoungSingle:  0.06,
	hhSingleParent: 0.05,
	hhSkipGen:      0.04,
}

var householdTypeTable = newTable([]string{"nuclear", "threegen", "withparent", "elder", "young", "singleparent", "skipgen"}, householdTypes)

// ageBand samples an age from weights per 5-year band starting at from.
type ageBand struct {
	from int
	t    *table
}

func newAgeBand(from int, w ...float64) ageBand {
	v := make([]string, len(w))
	return ageBand{from: from, t: newTable(v, w)}
}

func (g *gen) age(b ageBand) int { return b.from + 5*b.t.index(g.r) + g.r.IntN(5) }

var (
	// Husband's age in a nuclear household, bands from 20.
	ageNuclear = newAgeBand(20, 2, 8, 11, 12, 11.5, 12, 11.5, 9.5, 6, 3.5, 2, 1.1, 0.5, 0.2)
	// Grandfather's age in a three-generation household, bands from 50.
	ageThreeGen = newAgeBand(50, 3, 5, 6, 6, 5, 3, 2, 1)
	// Head's age when a widowed parent lives in, bands from 25.
	ageWithParent = newAgeBand(25, 3, 5, 5, 4, 3)
	ageElder      = newAgeBand(60, 2, 3, 3, 3, 2.5, 2, 1, 0.3)
	ageYoung      = newAgeBand(18, 2, 5, 5, 3)
	ageLoneParent = newAgeBand(25, 2, 4, 5, 5, 4, 3)
	ageSkipGen    = newAgeBand(50, 3, 4, 4, 3, 2, 1)
)

// household builds one household. Members are ordered head first and
// parents always before their children, so that cutting the list short
// (the last household of a run) never leaves a child without its parents.
func (g *gen) household() *household {
	h := &household{commune: g.geo.pickCommune(g.r)}
	g.cur = h
	h.address = g.geo.address(g.r, h.commune)
	eth := ethnicities.pick(g.r)
	rel := religions.pick(g.r)
	fam := family{g: g, h: h, eth: eth, rel: rel}

	switch householdTypeTable.index(g.r) {
	case hhNuclear:
		fam.nuclear()
	case hhThreeGen:
		fam.threeGen()
	case hhWithParent:
		fam.withParent()
	case hhSingleElder:
		fam.singleElder()
	case hhYoungSingle:
		fam.youngSingle()
	case hhSingleParent:
		fam.singleParent()
	default:
		fam.skipGen()
	}
	return h
}

// family carries what members of one household share.
type family struct {
	g        *gen
	h        *household
	eth, rel string
}

// adult creates a person of the given age (in completed years at AsOf).
func (f *family) adult(male bool, age int, sur string) *person {
	birth := f.g.asOf - int(float64(age)*daysPerYear) - f.g.r.IntN(365)
	return f.g.newPerson(f.h, male, birth, sur, f.eth, f.rel)
}

// couple makes a husband of age husbandAge and his wife. Wives are on
// average ~3 years younger; women keep their own surname.
func (f *family) couple(husbandAge int) (hus, wife *person) {
	g := f.g
	hus = f.adult(true, husbandAge, "")
	gap := int(math.Round(3 + 2.5*g.r.NormFloat64()))
	gap = max(-3, min(gap, 12))
	wifeAge := max(18, husbandAge-gap)
	wife = f.adult(false, wifeAge, "")
	if g.r.Float64() < 0.06 {
		// Brides from other provinces are the most common in-migrants.
		g.foreignBirth(wife)
	}
	g.popularName(hus)
	g.popularName(wife)
	hus.spouse, wife.spouse = wife, hus
	hus.marital, wife.marital = "married", "married"
	return hus, wife
}

// nuclear: a couple and their co-resident children.
func (f *family) nuclear() {
	g := f.g
	hus, wife := f.couple(g.age(ageNuclear))
	head, spouse := hus, wife
	if g.r.Float64() < 0.12 {
		head, spouse = wife, hus
	}
	f.h.add(head, "head")
	f.h.add(spouse, "spouse")
	g.maybeWidow(head, spouse)
	for _, c := range g.coResident(g.bear(hus, wife), 4, nil) {
		f.h.add(c, "child")
	}
}

// threeGen: an older couple, their married son with his wife and children,
// and possibly younger unmarried children.
func (f *family) threeGen() {
	g := f.g
	gp, gm := f.couple(g.age(ageThreeGen))
	kids := g.bear(gp, gm)
	var son *person
	for _, c := range kids {
		if a := ageOn(c.birth, g.asOf); c.male && a >= 22 && a <= 45 {
			son = c
			break
		}
	}
	f.h.add(gp, "head")
	f.h.add(gm, "spouse")
	g.maybeWidow(gp, gm)
	if son == nil {
		for _, c := range g.coResident(kids, 4, nil) {
			f.h.add(c, "child")
		}
		return
	}
	for _, c := range g.coResident(kids, 2, son) {
		f.h.add(c, "child")
	}
	f.h.add(son, "child")
	dil := f.adult(false, max(18, ageOn(son.birth, g.asOf)-max(0, int(2+2*g.r.NormFloat64()))), "")
	son.spouse, dil.spouse = dil, son
	son.marital, dil.marital = "married", "married"
	f.h.add(dil, "other") // con dâu: the format has no in-law relation
	for _, c := range g.coResident(g.bear(son, dil), 4, nil) {
		f.h.add(c, "grandchild")
	}
}

// withParent: a younger couple with children and the head's widowed parent.
func (f *family) withParent() {
	g := f.g
	hus, wife := f.couple(g.age(ageWithParent))
	f.h.add(hus, "head")
	f.h.add(wife, "spouse")
	for _, c := range g.coResident(g.bear(hus, wife), 4, nil) {
		f.h.add(c, "child")
	}
	gap := 22 + g.r.IntN(16) // 22..37 years older than the head
	parentBirth := hus.birth - int(float64(gap)*daysPerYear) - g.r.IntN(300)
	if ageOn(parentBirth, g.asOf) > 98 {
		parentBirth = g.asOf - yearsToDays(98)
	}
	male := g.r.Float64() < 0.25 // widows outnumber widowers
	sur := ""
	if male {
		sur = hus.sur
	}
	par := g.newPerson(f.h, male, parentBirth, sur, f.eth, f.rel)
	par.marital = "widowed"
	if male {
		hus.father = par
		hus.motherName = g.absentName(false, parentBirth, "")
	} else {
		hus.mother = par
		hus.fatherName = g.absentName(true, parentBirth-365*3, hus.sur)
	}
	f.h.add(par, "parent")
	if ageOn(par.birth, g.asOf) >= 70 && g.r.Float64() < 0.05 {
		g.kill(par)
	}
}

// singleElder: a widowed (mostly) older person living alone.
func (f *family) singleElder() {
	g := f.g
	p := f.adult(g.r.Float64() < 0.28, g.age(ageElder), "")
	switch x := g.r.Float64(); {
	case x < 0.85:
		p.marital = "widowed"
	case x < 0.92:
		p.marital = "divorced"
	default:
		p.marital = "single"
	}
	f.h.add(p, "head")
}

// youngSingle: a young adult, sometimes sharing with a sibling.
func (f *family) youngSingle() {
	g := f.g
	p := f.adult(g.r.Float64() < 0.55, g.age(ageYoung), "")
	p.marital = "single"
	f.h.add(p, "head")
	if g.r.Float64() < 0.3 {
		age := max(16, ageOn(p.birth, g.asOf)+g.r.IntN(9)-4)
		s := f.adult(g.r.Float64() < 0.5, age, p.sur)
		s.fatherName, s.motherName = p.fatherName, p.motherName
		if s.fatherName == "" {
			s.fatherName = g.absentName(true, p.birth-yearsToDays(27), p.sur)
			p.fatherName = s.fatherName
		}
		if s.giv == p.giv {
			s.giv = "Anh"
			if p.giv == "Anh" {
				s.giv = "Nam"
			}
		}
		s.marital = "single"
		if age < 16 {
			s.marital = ""
		}
		f.h.add(s, "sibling")
	}
	for _, m := range f.h.members {
		if g.r.Float64() < 0.25 {
			g.temporaryElsewhere(f.h, m)
		}
	}
}

// singleParent: a widowed or divorced parent with children; the other
// parent lives elsewhere or has died and appears only by name.
func (f *family) singleParent() {
	g := f.g
	age := g.age(ageLoneParent)
	mother := g.r.Float64() < 0.75
	var hus, wife *person
	if mother {
		wife = f.adult(false, age, "")
		hus = g.ghost(true, wife.birth-yearsToDays(3), "")
	} else {
		hus = f.adult(true, age, "")
		wife = g.ghost(false, hus.birth+yearsToDays(3), "")
	}
	head, other := hus, wife
	if mother {
		head, other = wife, hus
	}
	head.marital = "divorced"
	if g.r.Float64() < 0.45 {
		head.marital = "widowed"
	}
	f.h.add(head, "head")
	for _, c := range g.coResident(g.bear(hus, wife), 4, nil) {
		// The absent parent is named on the child's form but has no row.
		if mother {
			c.father, c.fatherName = nil, other.name()
		} else {
			c.mother, c.motherName = nil, other.name()
		}
		f.h.add(c, "child")
	}
}

// skipGen: grandparents raising grandchildren whose parents work elsewhere.
func (f *family) skipGen() {
	g := f.g
	gp, gm := f.couple(g.age(ageSkipGen))
	grandpaHome := g.r.Float64() < 0.65
	if grandpaHome {
		f.h.add(gp, "head")
		f.h.add(gm, "spouse")
		g.maybeWidow(gp, gm)
	} else {
		gm.marital = "widowed"
		gm.spouse = nil
		f.h.add(gm, "head")
	}
	// The middle generation lives elsewhere: a grown child of these
	// grandparents (a daughter's children carry their father's surname) and
	// that child's spouse, named on the grandchildren's forms but never
	// emitted. Without a grown child the household is just the elders.
	var mid *person
	for _, c := range g.bear(gp, gm) {
		if ageOn(c.birth, g.asOf) >= 20 {
			mid = c
			break
		}
	}
	if mid == nil {
		return
	}
	var father, mother *person
	if mid.male {
		father = mid
		mother = g.ghost(false, mid.birth+yearsToDays(2), "")
	} else {
		mother = mid
		father = g.ghost(true, mid.birth-yearsToDays(3), "")
	}
	n := 0
	for _, c := range g.bear(father, mother) {
		if ageOn(c.birth, g.asOf) >= 16 || n == 3 {
			continue
		}
		n++
		c.father, c.mother = nil, nil
		c.fatherName, c.motherName = father.name(), mother.name()
		f.h.add(c, "grandchild")
	}
}
