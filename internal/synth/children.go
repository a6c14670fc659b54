package synth

import "math"

// Parents are 20 to 45 years older than each child: births outside that
// window are not generated (they do occur, but rarely, and the tests rely on
// the window to check family links).
const (
	minParentAge = 20
	maxParentAge = 45
)

// Children ever born by the mother's birth cohort: Vietnam's fertility fell
// from ~5 children per woman (born before 1955) to ~2 (born after 1985).
var fertility = []struct {
	before int
	t      *table
}{
	{1955, newTable([]string{"2", "3", "4", "5", "6", "7"}, []float64{10, 20, 25, 20, 15, 10})},
	{1965, newTable([]string{"1", "2", "3", "4", "5", "6"}, []float64{5, 20, 30, 25, 15, 5})},
	{1975, newTable([]string{"1", "2", "3", "4", "5"}, []float64{7, 35, 33, 18, 7})},
	{1985, newTable([]string{"0", "1", "2", "3", "4"}, []float64{3, 9, 48, 30, 10})},
	{9999, newTable([]string{"0", "1", "2", "3", "4"}, []float64{4, 11, 53, 27, 5})},
}

// Hard-negative rates, per birth.
const (
	twinRate     = 0.008 // two children born the same day, same parents
	namesakeRate = 0.015 // a son given exactly his father's name
)

// bear returns the children a couple has had by AsOf, oldest first. The
// father (may be a ghost) gives the surname. Children are not added to the
// household: the caller decides who still lives there.
func (g *gen) bear(father, mother *person) []*person {
	r := g.r
	var n int
	year := mother.year()
	for _, f := range fertility {
		if year < f.before {
			n = f.t.index(r) + atoi(f.t.values[0])
			break
		}
	}
	if n == 0 {
		return nil
	}
	// First birth at ~20-34 (mean ~24), later ones 1.5-6 years apart.
	t := mother.birth + yearsToDays(minParentAge+math.Min(14, r.ExpFloat64()*4)) + r.IntN(365)
	if lo := father.birth + yearsToDays(minParentAge) + 1; t < lo {
		t = lo + r.IntN(365)
	}
	eth, rel := father.ethnicity, father.religion
	if eth == "" { // ghost father: the family is the mother's
		eth, rel = mother.ethnicity, mother.religion
	}
	var kids []*person
	shareMid := r.Float64() < 0.35 // siblings of one sex often share a middle name
	for len(kids) < n {
		if t > g.asOf || ageOn(mother.birth, t) > maxParentAge || ageOn(father.birth, t) > maxParentAge {
			break
		}
		if ageOn(mother.birth, t) < minParentAge || ageOn(father.birth, t) < minParentAge {
			t += 365
			continue
		}
		c := g.child(father, mother, t, eth, rel, kids, shareMid)
		kids = append(kids, c)
		if r.Float64() < twinRate {
			tw := g.child(father, mother, t, eth, rel, kids, true)
			tw.prefix, tw.local = c.prefix, c.local // registered together
			kids = append(kids, tw)
			tw.hardNeg = hardNegTwin
		}
		t += yearsToDays(1.5+math.Min(4.5, r.ExpFloat64()*1.5)) + r.IntN(120)
	}
	return kids
}

// child creates one child born on day t, named in the family's style.
func (g *gen) child(father, mother *person, t int, eth, rel string, sibs []*person, shareMid bool) *person {
	r := g.r
	// newPerson needs a household only for the birth commune's prefix; the
	// household being built is g.cur.
	c := g.newPerson(g.cur, r.IntN(100) < 51, t, father.sur, eth, rel)
	c.father, c.mother = father, mother
	if shareMid {
		for _, s := range sibs {
			if s.male == c.male {
				c.mid = s.mid
				break
			}
		}
	}
	// Siblings never share a given name; redraw a few times.
	for try := 0; try < 5 && (sameGiven(c, sibs) || c.giv == c.mid); try++ {
		_, c.giv = givenName(r, c.male, c.year())
	}
	if c.male && !father.isGhost() && r.Float64() < namesakeRate {
		// Hard negative: the son has his father's full name.
		c.mid, c.giv = father.mid, father.giv
		c.hardNeg = hardNegNamesake
	}
	return c
}

func sameGiven(c *person, sibs []*person) bool {
	for _, s := range sibs {
		if s.giv == c.giv && s.mid == c.mid {
			return true
		}
	}
	return false
}

// coResident keeps the children who still live with their parents: all
// minors, most young adults, few older ones (sons stay more often than
// daughters, who marry into their husband's family). except is left out;
// at most max are kept, the youngest.
func (g *gen) coResident(kids []*person, max int, except *person) []*person {
	var out []*person
	for _, c := range kids {
		if c == except {
			continue
		}
		a := ageOn(c.birth, g.asOf)
		var p float64
		switch {
		case a < 18:
			p = 1
		case a < 23:
			p = 0.75
		case a < 28:
			p = 0.35
			if c.male {
				p = 0.5
			}
		case a < 36:
			p = 0.08
			if c.male {
				p = 0.2
			}
		default:
			p = 0.04
		}
		if g.r.Float64() < p {
			out = append(out, c)
		}
	}
	if len(out) > max {
		out = out[len(out)-max:]
	}
	for _, c := range out {
		if ageOn(c.birth, g.asOf) >= 16 {
			c.marital = "single"
		}
	}
	return out
}

func yearsToDays(y float64) int { return int(y * daysPerYear) }
