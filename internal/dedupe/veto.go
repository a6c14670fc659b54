package dedupe

// Veto names a rule that keeps two records apart whatever their weight:
// summed field by field, the evidence for these pairs looks strong, yet
// they are known to be two people.
type Veto string

const (
	// VetoSex: the records give different sexes. Kept for review only when
	// they share an ID number (one of them is then a data error).
	VetoSex Veto = "sex"
	// VetoTwins: same parents and birth date but different given names.
	VetoTwins Veto = "twins"
	// VetoGenerations: the same name on people born 15 or more years
	// apart (father and son namesakes), or one is named as the other's
	// parent.
	VetoGenerations Veto = "generations"
)

// generationGap is the smallest birth-year difference between a parent
// and a child; a clerk's slip moves a year by far less.
const generationGap = 15

func veto(a, b *Record, sc Score) Veto {
	switch {
	case a.Sex != "" && b.Sex != "" && a.Sex != b.Sex:
		return VetoSex
	case isTwins(a, b, sc):
		return VetoTwins
	case isGenerations(a, b, sc):
		return VetoGenerations
	}
	return ""
}

// isTwins: a full birth date in common, at least one parent named on both
// records and every such parent agreeing, and given names that are not a
// typo of each other.
func isTwins(a, b *Record, sc Score) bool {
	if sc.Date != DateExact || givenNear(a.Name, b.Name) {
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

// isGenerations: agreeing names with birth years a generation apart, or a
// record naming the other as father or mother.
func isGenerations(a, b *Record, sc Score) bool {
	if namesParent(a, b) || namesParent(b, a) {
		return true
	}
	if !sc.Name.agrees() || a.Birth.IsZero() || b.Birth.IsZero() {
		return false
	}
	gap := a.Birth.Year - b.Birth.Year
	return gap >= generationGap || -gap >= generationGap
}

// namesParent reports that child's father or mother is parent: by number,
// or by the same name on someone born a generation earlier.
func namesParent(child, parent *Record) bool {
	for _, p := range []Relative{child.Father, child.Mother} {
		if p.Number != "" && parent.holdsNumber(p.Number) {
			return true
		}
		if !p.Name.IsZero() && CompareNames(p.Name, parent.Name) == NameExact &&
			!child.Birth.IsZero() && !parent.Birth.IsZero() && child.Birth.Year-parent.Birth.Year >= generationGap {
			return true
		}
	}
	return false
}
