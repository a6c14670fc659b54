package dupeval

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"dancu/internal/dc01"
	"dancu/internal/pdate"
	"dancu/internal/units"
)

// Column positions, resolved once.
var (
	cRef        = col("record_ref")
	cID         = col("id_number")
	cOldID      = col("old_id_number")
	cName       = col("full_name")
	cOtherName  = col("other_name")
	cBirth      = col("birth_date")
	cSex        = col("sex")
	cBirthPlace = col("birth_place")
	cBirthReg   = col("birth_registration_place")
	cHometown   = col("hometown")
	cEthnicity  = col("ethnicity")
	cReligion   = col("religion")
	cNation     = col("nationality")
	cBlood      = col("blood_type")
	cMarital    = col("marital_status")
	cPermComm   = col("permanent_commune")
	cPermAddr   = col("permanent_address")
	cTempComm   = col("temporary_commune")
	cTempAddr   = col("temporary_address")
	cCurComm    = col("current_commune")
	cCurAddr    = col("current_address")
	cFatherName = col("father_name")
	cFatherID   = col("father_id_number")
	cMotherName = col("mother_name")
	cMotherID   = col("mother_id_number")
	cSpouseName = col("spouse_name")
	cSpouseID   = col("spouse_id_number")
	cRepName    = col("representative_name")
	cRepID      = col("representative_id_number")
	cHousehold  = col("household_ref")
	cHeadName   = col("household_head_name")
	cHeadID     = col("household_head_id_number")
	cRelation   = col("relation_to_head")
	cPhone      = col("phone")
	cEmail      = col("email")
	cDeath      = col("death_date")
)

func colName(i int) string { return dc01.Columns[i] }

func col(name string) int {
	for i, c := range dc01.Columns {
		if c == name {
			return i
		}
	}
	panic("dupeval: dc01 has no column " + name)
}

// relativeColumns pairs each relative's name column with its number column.
var relativeColumns = [][2]int{
	{cFatherName, cFatherID}, {cMotherName, cMotherID}, {cSpouseName, cSpouseID},
	{cRepName, cRepID}, {cHeadName, cHeadID},
}

// rec is one form of the set.
type rec struct {
	row     dc01.Row
	person  int     // index in gen.recs of the person's original form
	copyNo  int     // 0 for the original, 1.. for re-collected copies
	classes []Class // errors of a copy against the original
	commune string  // commune that collected the form: gives the record_ref
}

// gen is the state of one run. Maps are only looked up; whatever is
// iterated for output is a slice.
type gen struct {
	opts Options
	r    *rand.Rand
	cat  *units.Catalog
	list units.ListID
	asOf pdate.Date

	recs  []*rec // originals (base, then injected people), then copies
	nOrig int

	ids, oldIDs, phones map[string]bool

	hhRows    map[string][]int    // household_ref -> indices in recs
	communeHH map[string][]string // commune -> household refs, first seen first
	communes  []string            // communes with households, first seen first
	hhNext    map[string]int      // commune -> last household number given out
	oldBooks  map[string]string   // household_ref -> old household-book number
	nextBook  int

	pools namePools
}

// namePools are the name parts seen in the base, for people the set adds.
type namePools struct {
	surnames               []string
	maleGiven, femaleGiven []string
}

func newGen(opts Options, r *rand.Rand, base []dc01.Row) (*gen, error) {
	y, m, d := opts.AsOf.Date()
	g := &gen{
		opts:      opts,
		r:         r,
		cat:       catalog(),
		asOf:      pdate.Date{Year: y, Month: int(m), Day: d},
		ids:       make(map[string]bool),
		oldIDs:    make(map[string]bool),
		phones:    make(map[string]bool),
		hhRows:    make(map[string][]int),
		communeHH: make(map[string][]string),
		hhNext:    make(map[string]int),
		oldBooks:  make(map[string]string),
	}
	g.list = g.cat.ListAt(opts.AsOf)
	refs := make(map[string]int, len(base))
	for i := range base {
		row := base[i]
		ref := row.RecordRef()
		where := fmt.Sprintf("dupeval: base row %d (record_ref %q)", i+1, ref)
		if ref == "" {
			return nil, fmt.Errorf("dupeval: base row %d: record_ref is empty", i+1)
		}
		if first, dup := refs[ref]; dup {
			return nil, fmt.Errorf("%s: record_ref repeats row %d", where, first)
		}
		refs[ref] = i + 1
		if strings.TrimSpace(row.Values[cName]) == "" {
			return nil, fmt.Errorf("%s: full_name is empty", where)
		}
		if _, err := parseDate(row.Values[cBirth]); err != nil || row.Values[cBirth] == "" {
			return nil, fmt.Errorf("%s: birth_date %q is not a date", where, row.Values[cBirth])
		}
		if _, ok := sexOf(row.Values[cSex]); !ok {
			return nil, fmt.Errorf("%s: sex %q is not M, F, Nam or Nữ", where, row.Values[cSex])
		}
		if id := row.Values[cID]; id != "" {
			if g.ids[id] {
				// Two forms with one number are one person: the base
				// would already hold a duplicate the truth cannot list.
				return nil, fmt.Errorf("%s: id_number %s appears twice in the base; the base must hold each person once", where, id)
			}
			g.ids[id] = true
		}
		if v := row.Values[cOldID]; v != "" {
			g.oldIDs[v] = true
		}
		if v := row.Values[cPhone]; v != "" {
			g.phones[v] = true
		}
		g.add(&rec{row: row, commune: row.Values[cPermComm]})
	}
	g.nOrig = len(g.recs)
	g.collectPools()
	return g, nil
}

// add appends an original form and indexes its household.
func (g *gen) add(rc *rec) int {
	i := len(g.recs)
	rc.person = i
	g.recs = append(g.recs, rc)
	hh := rc.row.Values[cHousehold]
	if hh == "" {
		return i
	}
	if _, seen := g.hhRows[hh]; !seen {
		c := rc.row.Values[cPermComm]
		if _, known := g.communeHH[c]; !known {
			g.communes = append(g.communes, c)
		}
		g.communeHH[c] = append(g.communeHH[c], hh)
		g.noteHouseholdNumber(c, hh)
	}
	g.hhRows[hh] = append(g.hhRows[hh], i)
	return i
}

// householdPrefix is how household numbers of a commune start:
// "42-18073-H".
func (g *gen) householdPrefix(commune string) string {
	return g.province(commune) + "-" + commune + "-H"
}

func (g *gen) noteHouseholdNumber(commune, hh string) {
	if n, err := strconv.Atoi(strings.TrimPrefix(hh, g.householdPrefix(commune))); err == nil && n > g.hhNext[commune] {
		g.hhNext[commune] = n
	}
}

// newHousehold returns an unused household number in a commune.
func (g *gen) newHousehold(commune string) string {
	for {
		g.hhNext[commune]++
		hh := g.householdPrefix(commune) + pad(g.hhNext[commune], 6)
		if _, used := g.hhRows[hh]; !used {
			return hh
		}
	}
}

// province returns the province code of a commune, "00" if unknown.
func (g *gen) province(commune string) string {
	for _, l := range []units.ListID{g.list, units.List2025July, units.List2025March} {
		if p, ok := g.cat.ProvinceOf(l, commune); ok {
			return p.Code
		}
	}
	return "00"
}

func (g *gen) collectPools() {
	seen := make(map[string]bool)
	addTo := func(list *[]string, kind, v string) {
		if v == "" || seen[kind+v] {
			return
		}
		seen[kind+v] = true
		*list = append(*list, v)
	}
	for _, rc := range g.recs[:g.nOrig] {
		sur, _, giv := splitName(rc.row.Values[cName])
		male, _ := sexOf(rc.row.Values[cSex])
		addTo(&g.pools.surnames, "s", sur)
		if male {
			addTo(&g.pools.maleGiven, "mg", giv)
		} else {
			addTo(&g.pools.femaleGiven, "fg", giv)
		}
	}
	// A tiny base may lack a sex entirely; the fallbacks keep every draw
	// defined.
	if len(g.pools.surnames) == 0 {
		g.pools.surnames = []string{"Nguyễn"}
	}
	if len(g.pools.maleGiven) == 0 {
		g.pools.maleGiven = []string{"Hùng", "Nam", "Sơn"}
	}
	if len(g.pools.femaleGiven) == 0 {
		g.pools.femaleGiven = []string{"Lan", "Hoa", "Mai"}
	}
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// splitName splits "Họ Đệm Tên": the first word, the words between, the
// last word.
func splitName(full string) (sur, mid, giv string) {
	w := strings.Fields(full)
	switch len(w) {
	case 0:
		return "", "", ""
	case 1:
		return "", "", w[0]
	}
	return w[0], strings.Join(w[1:len(w)-1], " "), w[len(w)-1]
}

func joinName(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// sexOf reads the sex column: M/F or Nam/Nữ in any case.
func sexOf(s string) (male, ok bool) {
	switch foldKey(s) {
	case "m", "nam", "male":
		return true, true
	case "f", "nu", "female":
		return false, true
	}
	return false, false
}

func parseDate(s string) (pdate.Date, error) { return pdate.Parse(s) }

func formatDate(d pdate.Date) string {
	switch {
	case d.Month == 0:
		return pad(d.Year, 4)
	case d.Day == 0:
		return pad(d.Year, 4) + "-" + pad(d.Month, 2)
	}
	return pad(d.Year, 4) + "-" + pad(d.Month, 2) + "-" + pad(d.Day, 2)
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// age is the completed years between a birth date and AsOf (partial dates
// count from their first day).
func (g *gen) age(birth string) int {
	d, err := parseDate(birth)
	if err != nil || d.Year == 0 {
		return 0
	}
	a := g.asOf.Year - d.Year
	m, day := max(d.Month, 1), max(d.Day, 1)
	if g.asOf.Month < m || (g.asOf.Month == m && g.asOf.Day < day) {
		a--
	}
	return a
}

// dateBefore reports a < b for full or partial dates, comparing from the
// first day of each.
func dateBefore(a, b pdate.Date) bool {
	ka := a.Year*10000 + max(a.Month, 1)*100 + max(a.Day, 1)
	kb := b.Year*10000 + max(b.Month, 1)*100 + max(b.Day, 1)
	return ka < kb
}

// birthAllowed reports whether d can stand as the birth date of the form:
// a real date, not after AsOf nor after the death date.
func (g *gen) birthAllowed(row *dc01.Row, d pdate.Date) bool {
	if err := d.Validate(); err != nil || d.Year < 1900 {
		return false
	}
	if dateBefore(g.asOf, d) {
		return false
	}
	if death, err := parseDate(row.Values[cDeath]); err == nil && !death.IsZero() && dateBefore(death, d) {
		return false
	}
	return true
}
