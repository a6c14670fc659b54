package dedupe

// NameOutcome is how two folded names compare, from the strongest
// agreement to disagreement.
type NameOutcome int

const (
	NameMissing NameOutcome = iota
	// NameExact: every token equal (marks and case already folded away).
	NameExact
	// NameMiddleDropped: surname and given name equal, and one record's
	// middle names are some of the other's ("Nguyễn Văn An" / "Nguyễn An").
	NameMiddleDropped
	// NameMiddleDiffer: surname and given name equal, different middle
	// names: rare for one person, usual for siblings ("Hồ Thị Anh" /
	// "Hồ Mộng Anh").
	NameMiddleDiffer
	// NameTypo: same tokens but one, which is one edit away or spelt
	// differently for the same sound ("Trung"/"Chung", see soundKey).
	NameTypo
	// NameTypoMiddleChanged: surname or given name one edit away, the other
	// equal, and the middle names differ.
	NameTypoMiddleChanged
	// NameReordered: the same tokens in another order (given name first).
	NameReordered
	NameDiffer
)

var nameOutcomeNames = [...]string{"missing", "exact", "middle_dropped", "middle_differ", "typo", "typo_middle_changed", "reordered", "differ"}

func (o NameOutcome) String() string { return nameOutcomeNames[o] }

// agrees reports any kind of agreement.
func (o NameOutcome) agrees() bool { return o != NameMissing && o != NameDiffer }

// CompareNames classifies two names.
func CompareNames(a, b Name) NameOutcome {
	switch {
	case a.IsZero() || b.IsZero():
		return NameMissing
	case a.Full() == b.Full(): // tokens hold no spaces
		return NameExact
	case len(a.Tokens) == len(b.Tokens) && oneTokenNear(a.Tokens, b.Tokens):
		return NameTypo
	case len(a.Tokens) != len(b.Tokens) && len(a.Full())-len(a.Tokens) == len(b.Full())-len(b.Tokens) && a.joined() == b.joined():
		// A space missed or added ("Minh Yến" / "MinhYến"): one name typed.
		return NameTypo
	case (a.untyped() != "" || b.untyped() != "") && a.Untyped() == b.Untyped():
		// Typed in Telex without the input method ("Nguyeenx" / "Nguyễn").
		return NameTypo
	}
	sEq, gEq := soundsAlike(a.Surname(), b.Surname()), soundsAlike(a.Given(), b.Given())
	if len(a.Tokens) > 1 && len(b.Tokens) > 1 {
		switch {
		case sEq && gEq && middlesContained(a.Middles(), b.Middles()):
			return NameMiddleDropped
		case sEq && gEq:
			return NameMiddleDiffer
		case sEq && tokensNear(a.Given(), b.Given()), gEq && nearOrAbbreviated(a.Surname(), b.Surname()):
			return NameTypoMiddleChanged
		}
	}
	if a.Bag() == b.Bag() {
		return NameReordered
	}
	return NameDiffer
}

// oneTokenNear reports token lists that sound alike but at one position
// at most, where the tokens are one edit apart, or a surname or middle
// name is abbreviated ("Ng. Văn An"): a clerk's one slip, on a name he
// may have spelt by ear.
func oneTokenNear(a, b []string) bool {
	diff := -1
	for i := range a {
		if a[i] != b[i] && !soundsAlike(a[i], b[i]) {
			if diff >= 0 {
				return false
			}
			diff = i
		}
	}
	return diff < 0 || withinOneEdit(a[diff], b[diff]) || (diff == 0 && surnameVariants(a[0], b[0])) ||
		(diff < len(a)-1 && (abbreviates(a[diff], b[diff]) || abbreviates(b[diff], a[diff])))
}

// middlesContained reports that the shorter list of middle names is a
// subsequence of the longer one: a clerk left some out.
func middlesContained(a, b []string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for _, t := range b {
		if i < len(a) && a[i] == t {
			i++
		}
	}
	return i == len(a)
}

// surnameVariants reports the two spellings of one surname that regions
// use: Huỳnh for Hoàng in the South (once a taboo on a lord's name). One
// family's records, collected in different provinces, carry either. (Vũ
// and Võ, the other such pair, are one edit apart already.)
func surnameVariants(a, b string) bool {
	return (a == "hoang" && b == "huynh") || (a == "huynh" && b == "hoang")
}
