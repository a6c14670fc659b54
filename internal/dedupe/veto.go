package dedupe

import "dancu/internal/pdate"

// Veto names a rule that keeps two records apart whatever their weight:
// summed field by field, the evidence for these pairs looks strong, yet
// they are known to be two people.
type Veto string

const (
	// VetoSex: the records give different sexes. Kept for review only when
	// they share an ID number (one of them is then a data error).
	VetoSex Veto = "sex"
	// VetoSexSlip: different sexes on records that agree on everything a
	// second person could not share: the same name, the same full birth
	// date and the same family (household, address or parents), without
	// the marks of twins. The sex box was ticked wrong on one form; an
	// officer must see the pair, but it is never a sure match.
	VetoSexSlip Veto = "sex_slip"
	// VetoTwins: same parents and birth date but different given names.
	VetoTwins Veto = "twins"
	// VetoTwinsOrTypo: same parents and birth date, given names one edit
	// apart but both established names ("An" / "Anh"): twins, or a typo
	// that landed on another name. Never a sure match; left for review.
	VetoTwinsOrTypo Veto = "twins_or_typo"
	// VetoSiblings: one family (household, address or a parent in
	// common) and names that differ beyond a clerk's slip: brothers and
	// sisters ("Cao Xuân Cung" / "Cao Văn Hưng", "Nông Thiên Anh" / "Nông
	// Kiết Anh"), twins among them even when no parent is named.
	VetoSiblings Veto = "siblings"
	// VetoGenerations: the same name on people born 15 or more years
	// apart (father and son namesakes), or one is named as the other's
	// parent.
	VetoGenerations Veto = "generations"
)

func differentSexes(a, b *Record) bool { return a.Sex != "" && b.Sex != "" && a.Sex != b.Sex }

// generationGap is the smallest birth-year difference between a parent
// and a child; a clerk's slip moves a year by far less.
const generationGap = 15

func veto(a, b *Record, sc Score, f *Frequencies) Veto {
	switch {
	case differentSexes(a, b):
		if sexSlip(a, b, sc) && !isTwins(a, b, sc, f) {
			return VetoSexSlip
		}
		return VetoSex
	case isTwins(a, b, sc, f):
		if sc.Name != NameDiffer {
			return VetoTwinsOrTypo
		}
		return VetoTwins
	case isSiblings(a, b, sc):
		return VetoSiblings
	case isGenerations(a, b, sc):
		return VetoGenerations
	}
	return ""
}

// sexSlip: records of different sexes whose names agree but for a slip
// or the generic middle name of the sex ticked (Văn / Thị), with one full birth date and one family: a household or an
// address in common, or a parent named on both and every named parent
// agreeing. Twins of different sex share all that but the given name,
// which isTwins (checked by the caller) looks at.
func sexSlip(a, b *Record, sc Score) bool {
	if sc.Date != DateExact || a.Birth.Precision() != pdate.Day || b.Birth.Precision() != pdate.Day {
		return false
	}
	switch sc.Name {
	case NameExact, NameTypo, NameReordered, NameMiddleDropped:
	case NameMiddleDiffer:
		// Văn for Thị (or the reverse): the clerk who ticked the wrong
		// box wrote the middle name that goes with it.
		if !genericMiddle(a.Name.Middles()) || !genericMiddle(b.Name.Middles()) {
			return false
		}
	default:
		return false
	}
	if a.Name.Given() != b.Name.Given() && !soundsAlike(a.Name.Given(), b.Name.Given()) && len(a.Name.Tokens) == len(b.Name.Tokens) {
		return false // two given names one edit apart: a brother and a sister ("Anh"/"Ánh" fold alike; "An"/"Anh" do not)
	}
	if sameFP(a.fp.household, b.fp.household, a.Household, b.Household) || sameFP(a.fp.address, b.fp.address, a.Address, b.Address) {
		return true
	}
	shared := 0
	for _, p := range [][2]Relative{{a.Father, b.Father}, {a.Mother, b.Mother}} {
		switch o := compareRelatives(p[0], p[1]); {
		case o == NameMissing:
		case !o.agrees():
			return false
		default:
			shared++
		}
	}
	return shared > 0
}

// isTwins: a full birth date in common, at least one parent named on both
// records and every such parent agreeing, and different given names. Given
// names differ when the names disagree and neither given name appears in
// the other name (as a form with the name order reversed would show it),
// or when they are one edit apart but both are established names ("An" and
// "Anh", "Đức" and "Duy"): a typo rarely lands on another common name. Names
// that sound alike ("Linh"/"Ninh", "My"/"Mi") are one name heard twice:
// parents do not give twins names that their own accent merges. Twins
// never share an ID number: records that do are one person.
func isTwins(a, b *Record, sc Score, f *Frequencies) bool {
	if sc.Date != DateExact || shareANumber(a, b) {
		return false
	}
	ga, gb := a.Name.Given(), b.Name.Given()
	switch {
	case sc.Name == NameDiffer && !hasToken(b.Name, ga) && !hasToken(a.Name, gb):
	case (sc.Name == NameTypo || sc.Name == NameTypoMiddleChanged) && ga != gb && !soundsAlike(ga, gb) &&
		f.established(ga) && f.established(gb):
	default:
		return false
	}
	shared := 0
	for _, p := range [][2]Relative{{a.Father, b.Father}, {a.Mother, b.Mother}} {
		o := compareRelatives(p[0], p[1])
		if o == NameMissing {
			continue
		}
		if !o.agrees() {
			return false
		}
		shared++
	}
	return shared > 0
}

// isSiblings: records of one family (same household or address, or a
// parent named alike on both) whose names say two children: different
// given names (not by sound alone) with middle names that differ too,
// beyond a dropped middle name ("Cao Xuân Cung" / "Cao Văn Hưng"), or one
// given name under two different middle names ("Nông Thiên Anh" / "Nông
// Kiết Anh", unless one of them is the generic Văn or Thị): brothers and
// sisters, whatever their birth dates. A slip in
// one token alone ("Lý Văn Khải" / "Lý Văn Khai") is left to the score,
// and to isTwins. Records sharing an ID number are one person.
func isSiblings(a, b *Record, sc Score) bool {
	ma, mb := a.Name.Middles(), b.Name.Middles()
	ga, gb := a.Name.Given(), b.Name.Given()
	givenDiffer := !soundsAlike(ga, gb)
	switch {
	case sc.Name == NameDiffer && givenDiffer && !hasToken(b.Name, ga) && !hasToken(a.Name, gb):
	case sc.Name == NameTypoMiddleChanged && givenDiffer && !middlesContained(ma, mb) && !middlesNear(ma, mb):
	case sc.Name == NameMiddleDiffer && !middlesNear(ma, mb) && !genericMiddle(ma) && !genericMiddle(mb):
	default:
		return false
	}
	return !shareANumber(a, b) && sameFamily(a, b)
}

// genericMiddle reports a middle name that is only Văn or Thị: what a
// clerk writes for a man or a woman whose middle name he did not catch,
// so it does not tell two people apart.
func genericMiddle(m []string) bool { return len(m) == 1 && (m[0] == "van" || m[0] == "thi") }

// middlesNear reports middle names that differ by slips only, token by
// token ("Thị"/"Thi", "Thị"/"Tgi"): a clerk's copy, not another name.
func middlesNear(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !nearOrAbbreviated(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameFamily: one household, one address, or a parent named alike (or
// by one number) on both records.
func sameFamily(a, b *Record) bool {
	if sameFP(a.fp.household, b.fp.household, a.Household, b.Household) || sameFP(a.fp.address, b.fp.address, a.Address, b.Address) {
		return true
	}
	return compareRelatives(a.Father, b.Father) == NameExact || compareRelatives(a.Mother, b.Mother) == NameExact
}

// shareANumber: one record holds the other's ID number (current or
// cancelled), or both carry one old CMND number. Two people never do.
func shareANumber(a, b *Record) bool {
	return sameNumber(a, b) || sameFP(a.fp.old, b.fp.old, a.OldNumber, b.OldNumber)
}

// isGenerations: agreeing names with birth years a generation apart, or a
// record naming the other as father or mother. Years a generation apart
// are a slip of one digit, not a father and his son, when both records
// hold one ID number, or when the dates agree on day and month (a namesake
// son born on his father's birthday is a 1-in-365 chance; a slipped digit
// is a clerk's everyday error).
func isGenerations(a, b *Record, sc Score) bool {
	if namesParent(a, b) || namesParent(b, a) {
		return true
	}
	if !sc.Name.agrees() || a.Birth.IsZero() || b.Birth.IsZero() || shareANumber(a, b) ||
		(sc.Date == DateTypo && a.Birth.Precision() == pdate.Day && b.Birth.Precision() == pdate.Day) {
		return false
	}
	gap := a.Birth.Year - b.Birth.Year
	return gap >= generationGap || -gap >= generationGap
}

// namesParent reports that child's father or mother is parent: by number,
// or by the same name on someone born a generation earlier.
func namesParent(child, parent *Record) bool {
	for _, p := range []Relative{child.Father, child.Mother} {
		if parent.holdsNumber(p.Number, p.fp) {
			return true
		}
		if !p.Name.IsZero() && CompareNames(p.Name, parent.Name) == NameExact &&
			!child.Birth.IsZero() && !parent.Birth.IsZero() && child.Birth.Year-parent.Birth.Year >= generationGap {
			return true
		}
	}
	return false
}

// hasToken reports t among n's tokens.
func hasToken(n Name, t string) bool {
	for _, u := range n.Tokens {
		if u == t {
			return true
		}
	}
	return false
}
