package dedupe

// withinOneEdit reports whether a and b differ by at most one
// Damerau–Levenshtein edit (substitution, insertion, deletion or a swap of
// neighbours) on runes. It is the typo a clerk makes in one word; on folded
// Vietnamese syllables a mark typo ("Hùng"/"Hưng") has already vanished.
func withinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	if isASCII(a) && isASCII(b) {
		return withinOneEditBytes(a, b)
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		return sameLengthOneEdit(ra, rb)
	case 1:
		return oneDeletion(ra, rb)
	default:
		return false
	}
}

// sameLengthOneEdit: one substitution or one swap of neighbours.
func sameLengthOneEdit(a, b []rune) bool {
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return true
	}
	if i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && equalRunes(a[i+2:], b[i+2:]) {
		return true
	}
	return equalRunes(a[i+1:], b[i+1:])
}

// oneDeletion: long is short with one rune inserted.
func oneDeletion(long, short []rune) bool {
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	return equalRunes(long[i+1:], short[i:])
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// withinOneEditBytes is withinOneEdit for ASCII strings, without
// converting them to runes: folded Vietnamese names are ASCII, and the
// conversion's allocations showed in profiles.
func withinOneEditBytes(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		if i == len(a) {
			return true
		}
		if i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] {
			return true
		}
		return a[i+1:] == b[i+1:]
	}
	return a[i+1:] == b[i:]
}
