package dedupe

import "strings"

// Spelling by ear. A clerk who writes down a name he hears writes the
// sound, and regional accents merge sounds that Vietnamese spelling keeps
// apart: d, gi and r in the North ("Dũng"/"Giũng"/"Rũng"), ch and tr, s
// and x, n and l in parts of the North, and i and y everywhere ("Vy"/"Vi",
// "Quý"/"Quí"); gh and ngh are g and ng written before e/i, and k is c.
// soundKey writes a folded syllable in one spelling of its sound, so the
// variants of a name file under one blocking key and compare as one.

// initialSounds maps a syllable's written initial to the spelling of its
// sound, longest initial first.
var initialSounds = [...][2]string{
	{"ngh", "ng"}, {"gi", "d"}, {"gh", "g"}, {"tr", "ch"}, {"ng", "ng"}, {"nh", "nh"},
	{"r", "d"}, {"s", "x"}, {"n", "l"}, {"k", "c"},
}

// soundKey returns the spelling of a folded syllable's sound (see above).
// It allocates only when the spelling changes.
func soundKey(t string) string {
	head, rest := soundInitial(t)
	if head == "" && strings.IndexByte(rest, 'y') < 0 {
		return t
	}
	if head == "" {
		head = t[:len(t)-len(rest)]
	}
	return head + strings.ReplaceAll(rest, "y", "i")
}

// soundInitial splits t into the sound of its initial (or "" when the
// written initial is its own sound) and the rest.
func soundInitial(t string) (string, string) {
	for _, s := range initialSounds {
		if rest, ok := strings.CutPrefix(t, s[0]); ok {
			if s[0] == "gi" && (rest == "" || !isVowelByte(rest[0])) {
				continue // "gi" before a consonant is g + i ("gìn" aside)
			}
			if s[0] == s[1] {
				return "", rest
			}
			return s[1], rest
		}
	}
	i := 0
	for i < len(t) && !isVowelByte(t[i]) {
		i++
	}
	return "", t[i:]
}

// initialGroup numbers the first letters that can spell one sound: d, g
// and r (gi, r, d), c, k and t (ch, tr, k), s and x, n and l; every other
// letter is its own group. Different groups never sound alike.
var initialGroup = func() (g [256]uint8) {
	for i := range g {
		g[i] = uint8(i)
	}
	for _, set := range []string{"dgr", "ckt", "sx", "nl"} {
		for i := 0; i < len(set); i++ {
			g[set[i]] = set[0]
		}
	}
	return g
}()

// soundsAlike reports folded syllables with the same sound (soundKey),
// without building either key.
func soundsAlike(a, b string) bool {
	if a == b {
		return true
	}
	// Most names compared differ in their rhyme: different spellings of
	// one sound differ in length by one at most (gi/d, ngh/ng) and end
	// alike (y/i aside). Checked first, as scoring asks millions of times.
	if n, m := len(a), len(b); n == 0 || m == 0 || n-m > 1 || m-n > 1 || initialGroup[a[0]] != initialGroup[b[0]] ||
		(a[n-1] != b[m-1] && !(a[n-1] == 'y' && b[m-1] == 'i') && !(a[n-1] == 'i' && b[m-1] == 'y')) {
		return false
	}
	ha, ra := soundInitial(a)
	hb, rb := soundInitial(b)
	if ha == "" {
		ha = a[:len(a)-len(ra)]
	}
	if hb == "" {
		hb = b[:len(b)-len(rb)]
	}
	if ha != hb || len(ra) != len(rb) {
		return false
	}
	for i := 0; i < len(ra); i++ {
		x, y := ra[i], rb[i]
		if x != y && !(x == 'y' && y == 'i') && !(x == 'i' && y == 'y') {
			return false
		}
	}
	return true
}

// tokensNear reports tokens that one clerk's slip turns into each other:
// one edit apart, or spelt differently for the same sound.
func tokensNear(a, b string) bool { return withinOneEdit(a, b) || soundsAlike(a, b) }

// nearOrAbbreviated is tokensNear, or one token the abbreviation of the
// other: for a surname or a middle name, never a given name, which a
// list does not abbreviate.
func nearOrAbbreviated(a, b string) bool {
	return tokensNear(a, b) || abbreviates(a, b) || abbreviates(b, a)
}

// abbreviates reports a token of one or two letters that begins another:
// "Ng. Văn An", "Nguyễn T. Lan" on a handwritten list (the full stop is
// not part of a token).
func abbreviates(short, long string) bool {
	return len(short) <= 2 && len(short) < len(long) && strings.HasPrefix(long, short)
}

func isVowelByte(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
