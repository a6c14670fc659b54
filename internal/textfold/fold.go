// Package textfold turns Vietnamese text into search keys: lower case, no
// diacritics, đ folded to d, single spaces. Names are stored as written (NFC);
// the folded key is what indexes and comparisons use, so "nguyen van hung"
// finds "Nguyễn Văn Hùng".
package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the search key of s. Unicode normalisation alone does not
// fold đ/Đ (it is a distinct letter, not d plus a mark), so it is mapped by hand.
func Fold(s string) string {
	if isPlainASCII(s) {
		return foldASCII(s)
	}
	if f, ok := foldPrecomposed(s); ok {
		return f
	}
	return foldUnicode(s)
}

// foldUnicode is Fold by decomposition (NFD), for any text.
func foldUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // suppress leading spaces
	for _, r := range norm.NFD.String(validUTF8(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// validUTF8 replaces each byte of s that is not part of valid UTF-8 by
// U+FFFD, as ranging over s would read it. Normalisation must not see
// the byte itself: norm takes a stray lead byte and the rune after it as
// one segment and leaves that rune undecomposed, so a second Fold of the
// result (now valid) stripped marks the first had kept (FuzzFold,
// "\xf3Ӑ").
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]rune, 0, len(s))
	for _, r := range s {
		b = append(b, r)
	}
	return string(b)
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// latinBase maps each precomposed Latin letter below U+1F00 (Vietnamese's
// are all in Latin-1, Extended-A/B and Extended Additional) whose
// decomposition is an ASCII letter and marks only to that letter in lower
// case, đ/Đ to 'd'; 0 for any other rune. It is built from foldUnicode
// itself, so the two cannot disagree.
var latinBase = func() (t [0x1F00]byte) {
	for r := rune(0x80); r < 0x1F00; r++ {
		if f := foldUnicode(string(r)); len(f) == 1 && f[0] >= 'a' && f[0] <= 'z' {
			t[r] = f[0]
		}
	}
	return t
}()

// foldPrecomposed folds text of ASCII and the letters of latinBase
// without decomposing it: normalising every name and address was most of
// what folding cost a duplicate run's scan. It reports false for any other
// rune (a separate combining mark, another script, non-ASCII space,
// invalid UTF-8), which foldUnicode then handles.
func foldPrecomposed(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	space := true
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r >= rune(len(latinBase)) || latinBase[r] == 0 {
				return "", false
			}
			c, i = latinBase[r], i+size
		} else {
			i++
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
				if !space {
					b = append(b, ' ')
					space = true
				}
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
		}
		b = append(b, c)
		space = false
	}
	return strings.TrimRight(string(b), " "), true
}

// foldASCII is the fast path for text that is already unaccented.
func foldASCII(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// Clean normalises free text as the import format requires: NFC, trimmed,
// inner runs of white space collapsed to one space. Case is kept.
func Clean(s string) string {
	// Most values are ASCII or already NFC; checking is far cheaper than
	// normalising, and this runs on every field of every imported row.
	if !isPlainASCII(s) && !allNFCAlone(s) && !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	if !needsSpaceFix(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// needsSpaceFix reports leading/trailing white space, a non-space white
// space character, or a run of spaces.
func needsSpaceFix(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if prevSpace {
				return true
			}
			prevSpace = true
		case c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			return true
		case c >= utf8.RuneSelf:
			// Non-ASCII white space (e.g. U+00A0) is rare: only this rune
			// is checked. (Searching the rest of the string for any space,
			// as before, found the next ASCII space of every Vietnamese
			// name and address, and sent nearly every field through
			// Fields and Join: 2.3 s of CPU in a 1M import, pprof.)
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return true
			}
			i += size - 1
			prevSpace = false
		default:
			prevSpace = false
		}
	}
	return false
}

// Name normalises a person's name: Clean, then each word with an initial
// capital and the rest lower case, so "NGUYỄN VĂN AN" (DC01 asks for upper
// case) and "nguyễn văn an" are stored alike as "Nguyễn Văn An".
func Name(s string) string {
	if isName(s) {
		return s
	}
	return nameSlow(s)
}

// nameSlow is Name for any text.
func nameSlow(s string) string {
	words := strings.Fields(norm.NFC.String(s))
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + strings.ToLower(w[size:])
	}
	return strings.Join(words, " ")
}

// isName reports whether Name(s) is s: NFC, words separated by single
// ASCII spaces, each word an upper-case letter then lower-case ones. Most
// names in a file are written so; nameSlow normalises, splits, re-cases
// and joins them all the same, allocating each time (2.9 s of a 1M
// import's 8 s of row conversion, pprof). A value with invalid UTF-8 (or
// U+FFFD) takes the slow path, which rewrites such bytes.
func isName(s string) bool {
	start := true // the next rune starts a word
	checkNFC := false
	for _, r := range s {
		if !nfcAlone(r) {
			checkNFC = true
		}
		switch {
		case r == utf8.RuneError:
			return false
		case r == ' ':
			if start {
				return false // leading or repeated space
			}
			start = true
		case unicode.IsSpace(r):
			return false
		case start:
			if unicode.ToUpper(r) != r {
				return false
			}
			start = false
		case unicode.ToLower(r) != r:
			return false
		}
	}
	return !start && (!checkNFC || norm.NFC.IsNormalString(s))
}

// allNFCAlone reports whether every rune of s is nfcAlone, so s is NFC:
// true of most Vietnamese text, which the normaliser's own check took
// 1.7 s to find in a 1M import (pprof, Clean on every field).
func allNFCAlone(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !nfcAlone(r) { // invalid UTF-8 decodes to U+FFFD: not admitted
			return false
		}
		i += size
	}
	return true
}

// nfcAlone reports whether r is in NFC and composes with nothing around
// it: Latin below the combining marks (U+0300) and the precomposed
// Vietnamese letters (U+1EA0–U+1EF9). A text of such runes alone is NFC,
// so isName skips the normaliser's check for it (1.0 s of the 1.6 s left
// in Name for a 1M import).
func nfcAlone(r rune) bool {
	return r < 0x300 || r >= 0x1EA0 && r <= 0x1EF9
}
