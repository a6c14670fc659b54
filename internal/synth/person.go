package synth

// person is one generated citizen before it becomes a row. Relatives who
// live in the same household are pointers, so their names and numbers on
// the form are by construction the ones on their own rows; relatives who
// live elsewhere are only names.
type person struct {
	sur, mid, giv string
	male          bool
	birth         int  // day number (dates.go)
	precision     byte // 'd' full date, 'm' year-month, 'y' year only
	ethnicity     string
	religion      string
	prefix        string // ID prefix: province where the birth was registered
	local         bool   // birth registered in the household's commune
	relation      string
	marital       string
	dead          bool
	death         int // day number, when dead

	id, oldID, phone, email, blood string

	father, mother, spouse *person
	// Names of parents who do not live in the household; empty if unknown.
	fatherName, motherName string

	// Index of a commune of temporary residence, or -1.
	tempCommune int
	tempAddress string
	hometown    string

	// Set once the row is written, so later members can refer to it.
	ref string

	hardNeg int // which hard negative this person was made to be, if any
}

// Hard negatives: people made deliberately similar to someone else.
const (
	hardNegNone       = iota
	hardNegTwin       // the second-born of twins
	hardNegNamesake   // a son with exactly his father's name
	hardNegCommonName // "Nguyễn Văn Hùng" born in one of a few popular years
)

func (p *person) name() string { return joinName(p.sur, p.mid, p.giv) }

// isGhost reports a relative made only to be named (ghost sets no ethnicity).
func (p *person) isGhost() bool { return p.ethnicity == "" }

func (p *person) year() int { return civilFromDays(p.birth).y }

// household is the unit of generation and emission.
type household struct {
	commune int
	ref     string
	address string
	members []*person // head first; parents always before their children
}

func (h *household) add(p *person, relation string) *person {
	p.relation = relation
	h.members = append(h.members, p)
	return p
}

// newPerson creates a person born on day birth. An empty sur draws a
// surname for the ethnic group. The birth counts as registered in the
// household's commune except for a few per cent of adults born elsewhere.
func (g *gen) newPerson(h *household, male bool, birth int, sur, eth, rel string) *person {
	r := g.r
	if sur == "" {
		sur = surname(r, eth)
	}
	year := civilFromDays(birth).y
	p := &person{sur: sur, male: male, birth: birth, ethnicity: eth, religion: rel, local: true, tempCommune: -1}
	p.mid, p.giv = givenName(r, male, year)
	p.precision = datePrecision(r, year)
	pre := g.geo.communes[h.commune].prefixes
	p.prefix = pre[0]
	if len(pre) > 1 {
		p.prefix = pre[r.IntN(len(pre))]
	}
	adult := ageOn(birth, g.asOf) >= 18
	if (adult && r.Float64() < 0.03) || (!adult && r.Float64() < 0.01) {
		g.foreignBirth(p)
	}
	return p
}

// ghost is a relative who lives elsewhere: only the name is used.
func (g *gen) ghost(male bool, birth int, sur string) *person {
	if sur == "" {
		sur = kinhSurnames.pick(g.r)
	}
	p := &person{sur: sur, male: male, birth: birth, tempCommune: -1}
	p.mid, p.giv = givenName(g.r, male, civilFromDays(birth).y)
	return p
}

// absentName names a parent who does not live in the household.
func (g *gen) absentName(male bool, birth int, sur string) string {
	return g.ghost(male, birth, sur).name()
}

// datePrecision: legacy records of older people often hold only the year
// (or year and month) of birth; recent birth registrations are complete.
func datePrecision(r interface{ Float64() float64 }, year int) byte {
	var y, m float64
	switch {
	case year < 1950:
		y, m = 0.22, 0.06
	case year < 1960:
		y, m = 0.12, 0.04
	case year < 1975:
		y, m = 0.05, 0.02
	case year < 1990:
		y, m = 0.01, 0.005
	default:
		return 'd'
	}
	switch x := r.Float64(); {
	case x < y:
		return 'y'
	case x < y+m:
		return 'm'
	}
	return 'd'
}
