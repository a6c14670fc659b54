package dupeval

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese spelling, seen the way the corruptions need it: a syllable is
// a run of letters (NFC, vowel-quality marks kept: ă â ê ô ơ ư đ) plus at
// most one tone mark sitting on one of its vowels. Keeping the tone apart
// lets a corruption drop it, change it or move it, which is what people
// and keyboards do, without touching the letters.

// Tones, in Telex key order after "none": huyền (f), sắc (s), hỏi (r), ngã
// (x), nặng (j).
const (
	toneNone = iota
	toneGrave
	toneAcute
	toneHook
	toneTilde
	toneDot
	numTones
)

// toneMarks are the combining characters of the tones (NFD).
var toneMarks = [numTones]rune{0, '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'}

// telexTone is the key that types each tone in Telex.
var telexTone = [numTones]string{"", "f", "s", "r", "x", "j"}

func toneOf(c rune) int {
	for t := 1; t < numTones; t++ {
		if toneMarks[t] == c {
			return t
		}
	}
	return toneNone
}

// syllable is one word split into toneless letters and its tone.
type syllable struct {
	letters []rune // NFC letters, no tone
	tone    int
	pos     int // index in letters of the vowel carrying the tone; -1 if none
}

// parseSyllable splits a word. Any normalisation form is accepted.
func parseSyllable(word string) syllable {
	s := syllable{pos: -1}
	for _, r := range norm.NFC.String(word) {
		d := norm.NFD.String(string(r))
		base := make([]rune, 0, 3)
		t := toneNone
		for _, c := range d {
			if k := toneOf(c); k != toneNone {
				t = k
				continue
			}
			base = append(base, c)
		}
		s.letters = append(s.letters, []rune(norm.NFC.String(string(base)))...)
		if t != toneNone {
			s.tone, s.pos = t, len(s.letters)-1
		}
	}
	return s
}

// String writes the syllable back in NFC.
func (s syllable) String() string {
	var b strings.Builder
	for i, l := range s.letters {
		if i == s.pos && s.tone != toneNone {
			b.WriteString(norm.NFC.String(string([]rune{l, toneMarks[s.tone]})))
			continue
		}
		b.WriteRune(l)
	}
	return b.String()
}

// combining writes the syllable as old Windows-1258 text did: letters
// precomposed with their vowel marks, the tone as a separate combining mark.
func (s syllable) combining() string {
	var b strings.Builder
	for i, l := range s.letters {
		b.WriteRune(l)
		if i == s.pos && s.tone != toneNone {
			b.WriteRune(toneMarks[s.tone])
		}
	}
	return b.String()
}

func (s syllable) clone() syllable {
	s.letters = append([]rune(nil), s.letters...)
	return s
}

func isVowel(r rune) bool { return strings.ContainsRune("aăâeêioôơuưy", unicode.ToLower(r)) }

func hasVowelMark(r rune) bool { return strings.ContainsRune("ăâêôơư", unicode.ToLower(r)) }

// rawVowelRun returns the first run of vowel letters [start, end), with the
// u of "qu" and the i of "gi" counted as vowels; start is -1 without vowels.
func rawVowelRun(l []rune) (start, end int) {
	i := 0
	for i < len(l) && !isVowel(l[i]) {
		i++
	}
	if i == len(l) {
		return -1, -1
	}
	j := i
	for j < len(l) && isVowel(l[j]) {
		j++
	}
	return i, j
}

// vowelRun is rawVowelRun without the glide of the onsets "qu" and "gi",
// which never carries the tone.
func vowelRun(l []rune) (start, end int) {
	s, e := rawVowelRun(l)
	if s < 1 || e-s < 2 {
		return s, e
	}
	prev, first := unicode.ToLower(l[s-1]), unicode.ToLower(l[s])
	if (prev == 'q' && first == 'u') || (prev == 'g' && first == 'i' && s == 1) {
		s++
	}
	return s, e
}

// tonePosition returns where a tone goes on these letters under the
// standard rules; newStyle puts it on the second vowel of a final
// "oa", "oe", "uy" (Hoà, Thuỷ), the old style on the first (Hòa, Thủy).
func tonePosition(l []rune, newStyle bool) int {
	s, e := vowelRun(l)
	if s < 0 {
		return -1
	}
	for i := e - 1; i >= s; i-- {
		if hasVowelMark(l[i]) {
			return i
		}
	}
	switch {
	case e-s == 1:
		return s
	case e < len(l): // a final consonant takes the tone to the last vowel
		return e - 1
	case e-s == 2:
		pair := strings.ToLower(string(l[s:e]))
		if newStyle && (pair == "oa" || pair == "oe" || pair == "uy") {
			return e - 1
		}
		return s
	}
	return s + 1
}

// placementToggle reports where the tone would sit in the other
// convention, for open syllables ending in oa, oe or uy (Hòa/Hoà,
// Thủy/Thuỷ, Quý/Qúy); ok is false when placement is not a matter of style.
func (s syllable) placementToggle() (int, bool) {
	if s.tone == toneNone {
		return 0, false
	}
	st, e := rawVowelRun(s.letters)
	if st < 0 || e-st != 2 || e != len(s.letters) {
		return 0, false
	}
	pair := strings.ToLower(string(s.letters[st:e]))
	if pair != "oa" && pair != "oe" && pair != "uy" {
		return 0, false
	}
	switch s.pos {
	case st:
		return e - 1, true
	case e - 1:
		return st, true
	}
	return 0, false
}

// stripMarks removes every mark and folds đ to d, keeping case: what a
// form typed without a Vietnamese input method looks like.
func stripMarks(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// hasMarks reports whether s has any Vietnamese mark or đ.
func hasMarks(s string) bool { return stripMarks(s) != norm.NFC.String(s) }

// foldKey is a comparison key: no marks, lower case, single spaces.
func foldKey(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(stripMarks(s))), " ")
}

// telexLetters maps a marked letter to the keys that type it in Telex.
var telexLetters = map[rune]string{
	'â': "aa", 'ă': "aw", 'ê': "ee", 'ô': "oo", 'ơ': "ow", 'ư': "uw", 'đ': "dd",
}

// telex writes the syllable as Telex keystrokes the input method failed to
// convert: "Nguyễn" -> "Nguyeenx"; with keepVowels only the tone key is
// left over: "Nguyênx". ok is false if the syllable has nothing to convert.
func (s syllable) telex(keepVowels bool) (string, bool) {
	var b strings.Builder
	changed := false
	for _, l := range s.letters {
		k, marked := telexLetters[unicode.ToLower(l)]
		if !marked || keepVowels {
			b.WriteRune(l)
			continue
		}
		changed = true
		if unicode.IsUpper(l) {
			k = strings.ToUpper(k[:1]) + k[1:]
		}
		b.WriteString(k)
	}
	if s.tone != toneNone {
		b.WriteString(telexTone[s.tone])
		changed = true
	}
	return b.String(), changed
}

// casePattern re-applies the case of orig to a rewritten word: all upper,
// capitalised or as is.
func casePattern(orig, word string) string {
	rs := []rune(orig)
	if len(rs) == 0 {
		return word
	}
	if len(rs) > 1 && orig == strings.ToUpper(orig) {
		return strings.ToUpper(word)
	}
	w := []rune(strings.ToLower(word))
	if unicode.IsUpper(rs[0]) && len(w) > 0 {
		w[0] = unicode.ToUpper(w[0])
	}
	return string(w)
}
