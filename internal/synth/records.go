package synth

import (
	"dancu/internal/dc01"
)

// Column positions, resolved once: setting Values by index avoids a map
// lookup per field for millions of rows.
var (
	colRecordRef    = col("record_ref")
	colIDNumber     = col("id_number")
	colOldIDNumber  = col("old_id_number")
	colFullName     = col("full_name")
	colBirthDate    = col("birth_date")
	colSex          = col("sex")
	colBirthPlace   = col("birth_place")
	colBirthReg     = col("birth_registration_place")
	colHometown     = col("hometown")
	colEthnicity    = col("ethnicity")
	colReligion     = col("religion")
	colNationality  = col("nationality")
	colBloodType    = col("blood_type")
	colMarital      = col("marital_status")
	colPermCommune  = col("permanent_commune")
	colPermAddress  = col("permanent_address")
	colTempCommune  = col("temporary_commune")
	colTempAddress  = col("temporary_address")
	colCurCommune   = col("current_commune")
	colCurAddress   = col("current_address")
	colFatherName   = col("father_name")
	colFatherID     = col("father_id_number")
	colMotherName   = col("mother_name")
	colMotherID     = col("mother_id_number")
	colSpouseName   = col("spouse_name")
	colSpouseID     = col("spouse_id_number")
	colRepName      = col("representative_name")
	colRepID        = col("representative_id_number")
	colHouseholdRef = col("household_ref")
	colHeadName     = col("household_head_name")
	colHeadID       = col("household_head_id_number")
	colRelation     = col("relation_to_head")
	colPhone        = col("phone")
	colEmail        = col("email")
	colDeathDate    = col("death_date")
)

func col(name string) int {
	for i, c := range dc01.Columns {
		if c == name {
			return i
		}
	}
	panic("synth: dc01 has no column " + name)
}

// finalize gives the members what only a complete household decides: ID
// numbers (in member order, so deterministic), phones, parents named on the
// form, hometown, temporary residence.
func (g *gen) finalize(h *household) error {
	r := g.r
	for _, m := range h.members {
		if r.Float64() >= g.opts.WithoutIDRate {
			if err := g.issueID(m); err != nil {
				return err
			}
		}
		age := ageOn(m.birth, g.asOf)
		alive := !m.dead
		if age >= 18 && m.year() <= 2006 && r.Float64() < 0.40 {
			// CMND (9 digits) were issued from age 14 until 2021.
			m.oldID = g.oldIDNumber()
		}
		if alive && (age >= 18 && r.Float64() < 0.60 || age >= 15 && age < 18 && r.Float64() < 0.25) {
			m.phone = g.phoneNumber()
		}
		if alive && age >= 18 && age <= 45 && r.Float64() < 0.05 {
			m.email = g.email(m)
		}
		if r.Float64() < 0.30 {
			m.blood = bloodTypes.pick(r)
		}
		if age >= 16 {
			// Adults' parents mostly live elsewhere; the form names them
			// when the citizen declared them.
			if m.father == nil && m.fatherName == "" && r.Float64() < 0.70 {
				m.fatherName = g.absentName(true, m.birth-yearsToDays(28), m.sur)
			}
			if m.mother == nil && m.motherName == "" && r.Float64() < 0.70 {
				m.motherName = g.absentName(false, m.birth-yearsToDays(25), "")
			}
		}
		if alive && m.tempCommune < 0 && age >= 18 && age <= 40 && r.Float64() < 0.03 {
			g.temporaryElsewhere(h, m)
		}
	}
	for _, m := range h.members {
		g.setHometown(h, m)
	}
	return nil
}

// setHometown: quê quán follows the father's line, so children inherit the
// father's; others get their commune, a neighbouring commune, or the
// province they were born in.
func (g *gen) setHometown(h *household, p *person) string {
	if p.hometown != "" {
		return p.hometown
	}
	switch {
	case p.father != nil && !p.father.isGhost():
		p.hometown = g.setHometown(h, p.father)
	case !p.local:
		p.hometown = g.geo.prefixInfo[p.prefix].codeNow
	case g.r.Float64() < 0.8:
		p.hometown = g.geo.communes[h.commune].code
	default:
		p.hometown = g.geo.communes[g.geo.otherCommune(g.r, h.commune)].code
	}
	return p.hometown
}

// row writes one member as a DC01 form.
func (g *gen) row(h *household, head, p *person) *dc01.Row {
	r := g.r
	row := &dc01.Row{}
	v := &row.Values
	c := &g.geo.communes[h.commune]
	p.ref = g.recordRef(h.commune)
	v[colRecordRef] = p.ref
	v[colIDNumber] = p.id
	v[colOldIDNumber] = p.oldID
	v[colFullName] = p.name()

	birth := civilFromDays(p.birth)
	if p.precision == 'd' && r.Float64() < 0.001 && ageOn(p.birth, g.asOf) >= 20 {
		// A birth year mistyped on the form: the ID number keeps the true
		// year, so the importer's structure check fires (domain.md §1.4).
		birth.y += 1 - 2*r.IntN(2)
		if birth.m == 2 && birth.d == 29 {
			birth.d = 28
		}
	}
	v[colBirthDate] = formatDate(birth, p.precision)
	v[colSex] = "F"
	if p.male {
		v[colSex] = "M"
	}

	info := g.geo.prefixInfo[p.prefix]
	if p.local {
		if r.Float64() < 0.4 {
			v[colBirthPlace] = c.name + ", " + g.geo.province.FullName
		}
		if r.Float64() < 0.7 {
			v[colBirthReg] = c.code
		} else {
			v[colBirthReg] = info.codeNow
		}
	} else {
		if r.Float64() < 0.4 {
			v[colBirthPlace] = info.name
		}
		if r.Float64() < 0.1 {
			v[colBirthReg] = info.shortOld // free text, as legacy forms have it
		} else {
			v[colBirthReg] = info.codeNow
		}
	}
	v[colHometown] = p.hometown
	v[colEthnicity] = p.ethnicity
	v[colReligion] = p.religion
	v[colNationality] = "VN"
	v[colBloodType] = p.blood
	v[colMarital] = p.marital

	v[colPermCommune] = c.code
	v[colPermAddress] = h.address
	switch {
	case p.tempCommune >= 0:
		tc := g.geo.communes[p.tempCommune].code
		v[colTempCommune], v[colTempAddress] = tc, p.tempAddress
		v[colCurCommune], v[colCurAddress] = tc, p.tempAddress
	case r.Float64() < 0.85:
		v[colCurCommune], v[colCurAddress] = c.code, h.address
	}

	v[colFatherName], v[colFatherID] = relative(p.father, p.fatherName)
	v[colMotherName], v[colMotherID] = relative(p.mother, p.motherName)
	v[colSpouseName], v[colSpouseID] = relative(p.spouse, "")
	if ageOn(p.birth, g.asOf) < 14 && r.Float64() < 0.3 {
		rep := p.father
		if rep == nil {
			rep = p.mother
		}
		v[colRepName], v[colRepID] = relative(rep, "")
	}

	v[colHouseholdRef] = h.ref
	v[colHeadName], v[colHeadID] = head.name(), head.id
	v[colRelation] = p.relation
	v[colPhone] = p.phone
	v[colEmail] = p.email
	if p.dead {
		v[colDeathDate] = formatDate(civilFromDays(p.death), 'd')
	}
	return row
}

// relative returns the name and ID number to write for a relative: from
// the relative's own record when they live in the household, else the
// declared name with no number.
func relative(p *person, name string) (string, string) {
	if p != nil && !p.isGhost() {
		return p.name(), p.id
	}
	if p != nil {
		return p.name(), ""
	}
	return name, ""
}

// recordRef returns the next form number of a commune: "42-18073-000123".
func (g *gen) recordRef(c int) string {
	g.recSeq[c]++
	return g.refPrefix[c] + pad(uint64(g.recSeq[c]), 6)
}

// householdRef returns the next household number of a commune.
func (g *gen) householdRef(c int) string {
	g.hhSeq[c]++
	return g.refPrefix[c] + "H" + pad(uint64(g.hhSeq[c]), 6)
}
