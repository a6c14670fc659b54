package card

import (
	"strings"

	"dancu/internal/textfold"
)

// mrzName lays out a Vietnamese full name ("Nguyễn Văn An") as an MRZ name
// field of exactly width characters: "NGUYEN<<VAN<AN<<<…".
//
// The first word is the primary identifier (họ) and the rest the secondary
// identifier (chữ đệm + tên), as on real cards. Compound surnames (Tôn Thất,
// Tôn Nữ …) cannot be told from a middle name by text alone, so they follow
// the same rule; the printed card does the same.
//
// Transliteration: diacritics are stripped and Đ/đ becomes D (textfold does
// both), letters are upper-cased, apostrophes are dropped (Ê Đê names such as
// "H'Hen" become HHEN, as ICAO 9303-3 omits them) and any other punctuation
// separates components. Characters that are still not A–Z are dropped.
func mrzName(fullName string, width int) string {
	words := mrzNameWords(fullName)
	if len(words) == 0 {
		return strings.Repeat("<", width)
	}
	primary, secondary := words[0], words[1:]
	return padMRZ(truncateMRZName(primary, secondary, width), width)
}

// mrzNameWords returns the upper-case A–Z components of a name.
func mrzNameWords(fullName string) []string {
	folded := strings.ToUpper(textfold.Fold(fullName))
	var b strings.Builder
	for i := 0; i < len(folded); i++ {
		c := folded[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c)
		case c == '\'':
			// ICAO omits apostrophes inside a name component.
		case c < 0x80:
			b.WriteByte(' ')
		}
		// Bytes of remaining non-ASCII letters are dropped.
	}
	return strings.Fields(b.String())
}

// truncateMRZName joins the name as PRIMARY<<SECOND<THIRD and, when that is
// longer than width, shortens it the ICAO 9303-3 way: characters are removed
// from the end of the secondary-identifier components, the last component
// first, each down to its initial, then the one before it. The field is then
// exactly full and ends in a letter, which is how ICAO marks a truncated name.
// Only when every secondary component is an initial and the name still does
// not fit is the joined name cut at width (a trailing filler dropped).
func truncateMRZName(primary string, secondary []string, width int) string {
	parts := append([]string(nil), secondary...)
	excess := len(joinMRZName(primary, parts)) - width
	for i := len(parts) - 1; i >= 0 && excess > 0; i-- {
		cut := min(excess, len(parts[i])-1)
		parts[i] = parts[i][:len(parts[i])-cut]
		excess -= cut
	}
	name := joinMRZName(primary, parts)
	if len(name) > width {
		name = strings.TrimRight(name[:width], "<")
	}
	return name
}

func joinMRZName(primary string, secondary []string) string {
	if len(secondary) == 0 {
		return primary
	}
	return primary + "<<" + strings.Join(secondary, "<")
}

// padMRZ fills s with '<' up to width.
func padMRZ(s string, width int) string {
	if len(s) >= width {
		return s[:width]
	}
	return s + strings.Repeat("<", width-len(s))
}
