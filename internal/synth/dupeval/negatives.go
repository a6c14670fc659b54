package dupeval

import (
	"strconv"

	"dancu/internal/dc01"
	"dancu/internal/idnumber"
	"dancu/internal/pdate"
)

// Hard negatives: different people made to look alike. The base already
// has some (the generator makes twins, sons named after their fathers and
// common names); the set adds more of each so that every kind is measured
// on enough pairs, then lists every such pair it finds among the originals.

// injectHardNegatives adds twins and namesakes and renames some sons after
// their fathers. It runs before copies are made, so these people can be
// duplicated too.
func (g *gen) injectHardNegatives() {
	n := g.nOrig
	g.injectTwins(max(20, n/200))
	g.injectNamesakes(max(30, n/150))
	g.renameSons(max(20, n/250))
	g.nOrig = len(g.recs)
}

func isChild(rel string) bool {
	switch foldKey(rel) {
	case "child", "grandchild", "con", "chau":
		return true
	}
	return false
}

// newIDLike issues an unused number in the block of a person born in year
// with this sex, under the same prefix as model ("" if model is empty).
func (g *gen) newIDLike(model string, year int, male bool) string {
	if len(model) != 12 {
		return ""
	}
	sex := idnumber.Female
	if male {
		sex = idnumber.Male
	}
	block, err := idnumber.Block(model[:3], year, sex)
	if err != nil {
		return ""
	}
	for {
		id := block + pad(1+g.r.IntN(999_999), 6)
		if !g.ids[id] {
			g.ids[id] = true
			return id
		}
	}
}

func (g *gen) newOldID() string {
	for {
		id := pad(g.r.IntN(1_000_000_000), 9)
		if !g.oldIDs[id] {
			g.oldIDs[id] = true
			return id
		}
	}
}

func (g *gen) tmpRef() string { return "dupeval-new-" + strconv.Itoa(len(g.recs)) }

// injectTwins gives k children a twin: same household, parents and birth
// date, a different given name (and often another middle name).
func (g *gen) injectTwins(k int) {
	for _, i := range g.r.Perm(g.nOrig) {
		if k == 0 {
			return
		}
		src := g.recs[i].row
		d, err := parseDate(src.Values[cBirth])
		hh := src.Values[cHousehold]
		if err != nil || d.Day == 0 || hh == "" || !isChild(src.Values[cRelation]) ||
			(src.Values[cFatherName] == "" && src.Values[cMotherName] == "") || g.age(src.Values[cBirth]) > 70 {
			continue
		}
		srcMale, _ := sexOf(src.Values[cSex])
		male := srcMale
		if g.r.IntN(2) == 0 {
			male = !male
		}
		sur, mid, _ := splitName(src.Values[cName])
		given, middles := g.pools.femaleGiven, append([]string{"Thị"}, femaleMiddles...)
		if male {
			given, middles = g.pools.maleGiven, append([]string{"Văn"}, maleMiddles...)
		}
		if male != srcMale || g.r.IntN(2) == 0 {
			mid = g.pick(middles)
		}
		taken := map[string]bool{}
		for _, j := range g.hhRows[hh] {
			_, _, gv := splitName(g.recs[j].row.Values[cName])
			taken[foldKey(gv)] = true
		}
		giv := ""
		for try := 0; try < 20; try++ {
			if c := g.pick(given); !taken[foldKey(c)] && foldKey(c) != foldKey(mid) {
				giv = c
				break
			}
		}
		if giv == "" {
			continue
		}
		t := src
		v := &t.Values
		v[cRef] = g.tmpRef()
		v[cName] = joinName(sur, mid, giv)
		v[cSex] = map[bool]string{true: "M", false: "F"}[male]
		v[cID] = g.newIDLike(src.Values[cID], d.Year, male)
		v[cOldID], v[cPhone], v[cEmail], v[cOtherName] = "", "", "", ""
		v[cSpouseName], v[cSpouseID] = "", ""
		if g.age(src.Values[cBirth]) >= 18 && g.r.Float64() < 0.4 {
			v[cPhone] = g.newPhone()
		}
		g.add(&rec{row: t, commune: src.Values[cPermComm]})
		k--
	}
}

// injectNamesakes adds k people with the full name and birth year of
// someone in the same commune, in a household of their own, with other
// parents and their own numbers.
func (g *gen) injectNamesakes(k int) {
	for _, i := range g.r.Perm(g.nOrig) {
		if k == 0 {
			return
		}
		src := g.recs[i].row
		commune := src.Values[cPermComm]
		d, err := parseDate(src.Values[cBirth])
		if err != nil || commune == "" || src.Values[cHousehold] == "" || len(g.communeHH[commune]) < 2 {
			continue
		}
		nd, ok := g.sameYear(&src, d)
		if !ok {
			continue
		}
		male, _ := sexOf(src.Values[cSex])
		sur, _, _ := splitName(src.Values[cName])
		var t dc01.Row
		v := &t.Values
		v[cRef] = g.tmpRef()
		v[cName] = src.Values[cName]
		v[cSex] = src.Values[cSex]
		v[cBirth] = formatDate(nd)
		v[cID] = g.newIDLike(src.Values[cID], d.Year, male)
		age := g.age(v[cBirth])
		if age >= 18 && d.Year <= 2006 && g.r.Float64() < 0.4 {
			v[cOldID] = g.newOldID()
		}
		v[cBirthReg] = src.Values[cBirthReg]
		v[cHometown] = commune
		v[cEthnicity], v[cReligion], v[cNation] = src.Values[cEthnicity], src.Values[cReligion], src.Values[cNation]
		if age >= 18 {
			v[cMarital] = []string{"married", "married", "married", "single", "widowed"}[g.r.IntN(5)]
			if g.r.IntN(2) == 0 {
				v[cPhone] = g.newPhone()
			}
		}
		// Another household of the commune gives a realistic address; the
		// person heads a household of their own.
		hhs := g.communeHH[commune]
		addr := src.Values[cPermAddr]
		for try := 0; try < 5 && addr == src.Values[cPermAddr]; try++ {
			addr = g.recs[g.hhRows[hhs[g.r.IntN(len(hhs))]][0]].row.Values[cPermAddr]
		}
		v[cPermComm], v[cPermAddr] = commune, addr
		v[cCurComm], v[cCurAddr] = commune, addr
		v[cHousehold] = g.newHousehold(commune)
		v[cRelation] = "head"
		v[cHeadName], v[cHeadID] = v[cName], v[cID]
		v[cFatherName] = joinName(sur, g.pick(append([]string{"Văn"}, maleMiddles...)), g.pick(g.pools.maleGiven))
		v[cMotherName] = joinName(g.pick(g.pools.surnames), "Thị", g.pick(g.pools.femaleGiven))
		g.add(&rec{row: t, commune: commune})
		k--
	}
}

// sameYear returns another birth date in the year of d with d's precision
// (the same text when only the year is known, as happens in legacy data).
func (g *gen) sameYear(row *dc01.Row, d pdate.Date) (pdate.Date, bool) {
	if d.Month == 0 {
		return d, true
	}
	for try := 0; try < 20; try++ {
		n := pdate.Date{Year: d.Year, Month: 1 + g.r.IntN(12)}
		if d.Day != 0 {
			n.Day = 1 + g.r.IntN(28)
		}
		if n != d && g.birthAllowed(row, n) {
			return n, true
		}
	}
	return pdate.Date{}, false
}

// renameSons gives k sons who live with their father exactly his full
// name, and updates every form of the household that names the son.
func (g *gen) renameSons(k int) {
	for _, i := range g.r.Perm(g.nOrig) {
		if k == 0 {
			return
		}
		son := &g.recs[i].row
		hh := son.Values[cHousehold]
		if male, _ := sexOf(son.Values[cSex]); !male || hh == "" || son.Values[cFatherName] == "" {
			continue
		}
		f := g.fatherInHousehold(i)
		if f < 0 || g.recs[f].row.Values[cName] == son.Values[cName] {
			continue
		}
		old, now := son.Values[cName], g.recs[f].row.Values[cName]
		for _, j := range g.hhRows[hh] {
			v := &g.recs[j].row.Values
			for _, rc := range relativeColumns {
				if v[rc[0]] == old && (v[rc[1]] == "" || v[rc[1]] == son.Values[cID]) {
					v[rc[0]] = now
				}
			}
		}
		son.Values[cName] = now
		k--
	}
}

// fatherInHousehold returns the index of the father of recs[i] when he
// lives in the same household (by number, else by name), or -1.
func (g *gen) fatherInHousehold(i int) int {
	v := g.recs[i].row.Values
	by, _ := parseDate(v[cBirth])
	for _, j := range g.hhRows[v[cHousehold]] {
		if j == i {
			continue
		}
		w := g.recs[j].row.Values
		if male, _ := sexOf(w[cSex]); !male {
			continue
		}
		if fid := v[cFatherID]; fid != "" && w[cID] == fid ||
			fid == "" && w[cName] == v[cFatherName] {
			if fy, err := parseDate(w[cBirth]); err == nil && by.Year-fy.Year >= 16 {
				return j
			}
		}
	}
	return -1
}

// detectHardNegatives lists the hard negatives among the originals.
func (g *gen) detectHardNegatives() []ipair {
	// Folded once: households are compared pair by pair.
	folded := make([]foldedNames, g.nOrig)
	for i, rc := range g.recs[:g.nOrig] {
		v := &rc.row.Values
		folded[i] = foldedNames{foldKey(v[cName]), foldKey(v[cFatherName]), foldKey(v[cMotherName])}
	}
	var out []ipair
	type group struct{ rows []int }
	namesakes := map[string]*group{}
	var keys []string
	for _, c := range g.communes {
		for _, hh := range g.communeHH[c] {
			rows := g.hhRows[hh]
			for x, i := range rows {
				for _, j := range rows[x+1:] {
					if kind, ok := g.householdNegative(i, j, folded); ok {
						out = append(out, ipair{a: i, b: j, kind: kind})
					}
				}
			}
		}
	}
	for i, rc := range g.recs[:g.nOrig] {
		v := rc.row.Values
		d, _ := parseDate(v[cBirth])
		if v[cHousehold] == "" || v[cPermComm] == "" {
			continue
		}
		key := folded[i].name + "|" + strconv.Itoa(d.Year) + "|" + v[cPermComm]
		gr := namesakes[key]
		if gr == nil {
			gr = &group{}
			namesakes[key] = gr
			keys = append(keys, key)
		}
		gr.rows = append(gr.rows, i)
	}
	for _, key := range keys {
		rows := namesakes[key].rows
		n := 0
		for x, i := range rows {
			for _, j := range rows[x+1:] {
				if n < 10 && g.recs[i].row.Values[cHousehold] != g.recs[j].row.Values[cHousehold] {
					out = append(out, ipair{a: i, b: j, kind: Namesake})
					n++
				}
			}
		}
	}
	return out
}

// foldedNames are a form's name and parents' names as comparison keys.
type foldedNames struct{ name, father, mother string }

// householdNegative classifies two members of one household.
func (g *gen) householdNegative(i, j int, folded []foldedNames) (Kind, bool) {
	a, b := &g.recs[i].row.Values, &g.recs[j].row.Values
	fa, fb := folded[i], folded[j]
	da, _ := parseDate(a[cBirth])
	db, _ := parseDate(b[cBirth])
	sameName := fa.name == fb.name
	ma, _ := sexOf(a[cSex])
	mb, _ := sexOf(b[cSex])
	if sameName && ma && mb {
		if fb.father == fa.name && db.Year-da.Year >= 14 || fa.father == fb.name && da.Year-db.Year >= 14 {
			return FatherSon, true
		}
	}
	sameParents := (fa.father != "" || fa.mother != "") && fa.father == fb.father && fa.mother == fb.mother
	if !sameParents || sameName {
		return "", false
	}
	if da == db && da.Day != 0 {
		return Twin, true
	}
	if ma == mb && da != db {
		return Sibling, true
	}
	return "", false
}
