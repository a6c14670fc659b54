package card

// mrzCheckDigit is the ICAO 9303 check digit of s: weights 7, 3, 1 repeating,
// digits count as themselves, A–Z as 10–35 and the filler '<' as 0, sum
// modulo 10. s must hold only MRZ characters (validated by the callers).
func mrzCheckDigit(s string) byte {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		sum += mrzCharValue(s[i]) * weights[i%3]
	}
	return byte('0' + sum%10)
}

// mrzCharValue is the check-digit value of one MRZ character.
func mrzCharValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	default: // '<'
		return 0
	}
}

// isMRZChar reports whether c may appear in an MRZ: A–Z, 0–9 and '<'.
func isMRZChar(c byte) bool {
	return c == '<' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
}
