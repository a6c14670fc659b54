package dupeval

import (
	"strings"

	"dancu/internal/idnumber"
	"dancu/internal/units"
)

// Corruptions of numbers, contact, place, household, family and sex.

// --- id_missing / id_digit / cmnd_* ---

func appliesHasID(c *copyCtx) bool { return len(c.row.Values[cID]) == 12 }

// appliesIDMissing: with Options.WithholdIDs every copy lacks the number,
// so its absence is no class of its own.
func appliesIDMissing(c *copyCtx) bool { return appliesHasID(c) && !c.g.opts.WithholdIDs }

func applyIDMissing(c *copyCtx) bool {
	if c.row.Values[cID] == "" {
		return false
	}
	c.row.Values[cID] = ""
	return true
}

// mistype changes one digit of a number to one easily confused with it, or
// swaps two neighbouring digits; ok filters the results.
func (g *gen) mistype(num string, ok func(string) bool) (string, bool) {
	for try := 0; try < 30; try++ {
		b := []byte(num)
		if g.r.IntN(3) == 0 {
			j := g.r.IntN(len(b) - 1)
			if b[j] == b[j+1] {
				continue
			}
			b[j], b[j+1] = b[j+1], b[j]
		} else {
			j := g.r.IntN(len(b))
			alt, known := similarDigits[b[j]]
			if !known {
				continue
			}
			b[j] = alt[g.r.IntN(len(alt))]
		}
		if n := string(b); n != num && ok(n) {
			return n, true
		}
	}
	return "", false
}

func applyIDDigit(c *copyCtx) bool {
	if !appliesHasID(c) {
		return false
	}
	n, ok := c.g.mistype(c.row.Values[cID], func(s string) bool {
		// Never another person's number: the pair must not collide with a
		// third record by accident.
		return idnumber.Valid(s) && !c.g.ids[s]
	})
	if !ok {
		return false
	}
	c.g.ids[n] = true
	c.row.Values[cID] = n
	return true
}

func appliesHasCMND(c *copyCtx) bool { return len(c.row.Values[cOldID]) == 9 }

func applyCMNDDigit(c *copyCtx) bool {
	if !appliesHasCMND(c) {
		return false
	}
	n, ok := c.g.mistype(c.row.Values[cOldID], func(s string) bool { return !c.g.oldIDs[s] })
	if !ok {
		return false
	}
	c.g.oldIDs[n] = true
	c.row.Values[cOldID] = n
	return true
}

func applyCMNDMissing(c *copyCtx) bool {
	if !appliesHasCMND(c) {
		return false
	}
	c.row.Values[cOldID] = ""
	return true
}

// --- phone_missing / phone_changed ---

func appliesHasPhone(c *copyCtx) bool { return len(c.row.Values[cPhone]) >= 9 }

func applyPhoneMissing(c *copyCtx) bool {
	if !appliesHasPhone(c) {
		return false
	}
	c.row.Values[cPhone] = ""
	return true
}

// oldMobilePrefixes are the 11-digit prefixes that became today's 10-digit
// ones in 2018 (Viettel 016x -> 03x, VinaPhone, MobiFone, Vietnamobile,
// Gmobile).
var oldMobilePrefixes = map[string]string{
	"032": "0162", "033": "0163", "034": "0164", "035": "0165", "036": "0166", "037": "0167",
	"038": "0168", "039": "0169", "083": "0123", "084": "0124", "085": "0125", "081": "0127",
	"082": "0129", "070": "0120", "079": "0121", "077": "0122", "076": "0126", "078": "0128",
	"056": "0186", "058": "0188", "059": "0199",
}

var mobilePrefixes = []string{"032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
	"081", "082", "083", "084", "085", "088", "091", "094", "070", "076", "077", "078", "079", "089", "090", "093"}

// newPhone returns a mobile number no one in the set has.
func (g *gen) newPhone() string {
	for {
		p := mobilePrefixes[g.r.IntN(len(mobilePrefixes))] + pad(g.r.IntN(10_000_000), 7)
		if !g.phones[p] {
			g.phones[p] = true
			return p
		}
	}
}

func applyPhoneChanged(c *copyCtx) bool {
	ph := c.row.Values[cPhone]
	if len(ph) < 9 {
		return false
	}
	g := c.g
	switch x := g.r.IntN(10); {
	case x < 3 && len(ph) == 10 && oldMobilePrefixes[ph[:3]] != "":
		c.row.Values[cPhone] = oldMobilePrefixes[ph[:3]] + ph[3:]
	case x < 6:
		n, ok := g.mistype(ph[2:], func(s string) bool { return !g.phones[ph[:2]+s] })
		if !ok {
			return false
		}
		g.phones[ph[:2]+n] = true
		c.row.Values[cPhone] = ph[:2] + n
	default:
		c.row.Values[cPhone] = g.newPhone()
	}
	return true
}

// --- address_missing / address_abbrev ---

func appliesHasAddress(c *copyCtx) bool { return c.row.Values[cPermAddr] != "" }

func applyAddressMissing(c *copyCtx) bool {
	if !appliesHasAddress(c) {
		return false
	}
	c.row.Values[cPermAddr], c.row.Values[cTempAddr], c.row.Values[cCurAddr] = "", "", ""
	return true
}

// abbreviations are the shortenings clerks use, each with its variants.
var abbreviations = []struct {
	long  string
	short []string
}{
	{"Tổ dân phố ", []string{"TDP ", "TDP.", "tổ dp "}},
	{"Khu phố ", []string{"KP ", "KP.", "kp."}},
	{"Thôn ", []string{"Th. ", "T.", "th "}},
	{"Xóm ", []string{"X.", "xóm ", "X "}},
	{"Ấp ", []string{"A.", "ấp "}},
	{"Số ", []string{"", "S.", "số "}},
	{", đường ", []string{" ", ", đ. ", ", Đ."}},
	{"ngõ ", []string{"ng. ", "N."}},
	{"tổ ", []string{"T", "tổ "}},
	{"khu phố ", []string{"KP", "kp "}},
}

func applyAddressAbbrev(c *copyCtx) bool {
	addr := c.row.Values[cPermAddr]
	if addr == "" {
		return false
	}
	r := c.g.r
	out := addr
	for _, a := range abbreviations {
		if strings.Contains(out, a.long) && r.IntN(4) != 0 {
			out = strings.Replace(out, a.long, a.short[r.IntN(len(a.short))], 1)
		}
	}
	if out == addr || r.IntN(2) == 0 {
		// The commune appended the short way: "X. Cẩm Bình", "P. Thành Sen".
		if u, ok := c.g.cat.Lookup(c.g.list, c.row.Values[cPermComm]); ok {
			kind := "X."
			switch {
			case strings.HasPrefix(u.FullName, "Phường"):
				kind = "P."
			case strings.HasPrefix(u.FullName, "Thị trấn"):
				kind = "TT."
			case strings.HasPrefix(u.FullName, "Đặc khu"):
				kind = "ĐK."
			}
			out += ", " + kind + " " + u.Name
		}
	}
	if out == addr {
		return false
	}
	if c.row.Values[cCurAddr] == addr {
		c.row.Values[cCurAddr] = out
	}
	c.row.Values[cPermAddr] = out
	return true
}

// --- commune_old_code ---

// oldCodes returns the codes of the list before 2025-07-01 that map to
// this commune alone and are not codes of the new list themselves (those
// would be read as the new commune that kept the number).
func (g *gen) oldCodes(commune string) []units.Unit {
	if g.list != units.List2025July {
		return nil
	}
	var out []units.Unit
	for _, p := range g.cat.Predecessors(commune) {
		if _, inNew := g.cat.Lookup(units.List2025July, p.Code); inNew {
			continue
		}
		if s := g.cat.Successors(p.Code); len(s) == 1 && s[0].Code == commune {
			out = append(out, p)
		}
	}
	return out
}

func appliesOldCode(c *copyCtx) bool { return len(c.g.oldCodes(c.row.Values[cPermComm])) > 0 }

func applyOldCode(c *copyCtx) bool {
	now := c.row.Values[cPermComm]
	olds := c.g.oldCodes(now)
	if len(olds) == 0 {
		return false
	}
	old := olds[c.g.r.IntN(len(olds))]
	for _, k := range []int{cPermComm, cTempComm, cCurComm, cHometown, cBirthReg} {
		if c.row.Values[k] == now {
			c.row.Values[k] = old.Code
		}
	}
	if c.g.r.IntN(2) == 0 {
		// The address written as before the reform: old commune and district.
		tail := old.FullName
		if d, ok := c.g.cat.Lookup(units.List2025March, old.ParentCode); ok {
			tail += ", " + d.FullName
		}
		for _, k := range []int{cPermAddr, cCurAddr} {
			if c.row.Values[k] != "" && (k == cPermAddr || c.row.Values[cCurComm] == old.Code) {
				c.row.Values[k] += ", " + tail
			}
		}
	}
	return true
}

// --- address_moved ---

func appliesMoved(c *copyCtx) bool {
	return len(c.g.communes) >= 2 && c.row.Values[cPermComm] != "" && c.row.Values[cDeath] == "" &&
		c.g.age(c.orig.Values[cBirth]) >= 18
}

func applyMoved(c *copyCtx) bool {
	if !appliesMoved(c) {
		return false
	}
	g := c.g
	from := c.row.Values[cPermComm]
	to := from
	for try := 0; try < 10 && (to == from || to == ""); try++ {
		to = g.communes[g.r.IntN(len(g.communes))]
	}
	if to == from || to == "" {
		return false
	}
	hhs := g.communeHH[to]
	addr := g.recs[g.hhRows[hhs[g.r.IntN(len(hhs))]][0]].row.Values[cPermAddr]
	hh := g.newHousehold(to)
	g.hhRows[hh] = nil // reserved
	v := &c.row.Values
	v[cPermComm], v[cPermAddr] = to, addr
	v[cCurComm], v[cCurAddr] = to, addr
	v[cTempComm], v[cTempAddr] = "", ""
	v[cHousehold], v[cRelation] = hh, "head"
	v[cHeadName], v[cHeadID] = v[cName], v[cID]
	c.rc.commune = to
	return true
}

// --- household_changed ---

func appliesHasHousehold(c *copyCtx) bool { return c.row.Values[cHousehold] != "" }

func applyHouseholdChanged(c *copyCtx) bool {
	hh := c.row.Values[cHousehold]
	if hh == "" {
		return false
	}
	if c.g.r.IntN(10) < 3 {
		c.row.Values[cHousehold] = ""
		return true
	}
	book, ok := c.g.oldBooks[hh]
	if !ok {
		// One old book per household, so copies of two members agree.
		c.g.nextBook++
		book = "SHK-" + pad(100000+(c.g.nextBook*7919)%900000, 6)
		c.g.oldBooks[hh] = book
	}
	c.row.Values[cHousehold] = book
	return true
}

// --- parents_missing / sex_wrong ---

func appliesHasParents(c *copyCtx) bool {
	return c.row.Values[cFatherName] != "" || c.row.Values[cMotherName] != ""
}

func applyParentsMissing(c *copyCtx) bool {
	if !appliesHasParents(c) {
		return false
	}
	v := &c.row.Values
	v[cFatherName], v[cFatherID], v[cMotherName], v[cMotherID] = "", "", "", ""
	return true
}

func applySexWrong(c *copyCtx) bool {
	male, ok := sexOf(c.row.Values[cSex])
	if !ok {
		return false
	}
	switch {
	case male && c.row.Values[cSex] == "M":
		c.row.Values[cSex] = "F"
	case male:
		c.row.Values[cSex] = "Nữ"
	case c.row.Values[cSex] == "F":
		c.row.Values[cSex] = "M"
	default:
		c.row.Values[cSex] = "Nam"
	}
	return true
}
