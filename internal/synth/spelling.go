package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Spelling a clerk writes by ear: the initials and rhymes that regional
// accents merge. In the North d, gi and r sound alike, as do ch/tr and
// s/x; in parts of the North n and l; everywhere i and y after a
// consonant ("Vy"/"Vi", "Quý"/"Quí").
var initialConfusions = [][2]string{
	{"gi", "d"}, {"d", "gi"}, {"r", "d"}, {"d", "r"}, {"gi", "r"},
	{"tr", "ch"}, {"ch", "tr"}, {"s", "x"}, {"x", "s"}, {"n", "l"}, {"l", "n"},
}

// yi pairs a final y (with its tone) with the same i. A slice, not a map:
// output must not depend on map order.
var yi = [][2]rune{{'y', 'i'}, {'ý', 'í'}, {'ỳ', 'ì'}, {'ỷ', 'ỉ'}, {'ỹ', 'ĩ'}, {'ỵ', 'ị'}}

// misspellName rewrites one word of the name the way it sounds and
// reports whether any word allowed it.
func misspellName(r *rand.Rand, name *string) bool {
	words := strings.Fields(*name)
	start := r.IntN(max(len(words), 1))
	for n := range words {
		i := (start + n) % len(words)
		if w, ok := misspell(r, words[i]); ok {
			words[i] = w
			*name = strings.Join(words, " ")
			return true
		}
	}
	return false
}

func misspell(r *rand.Rand, word string) (string, bool) {
	lower := strings.ToLower(norm.NFC.String(word))
	var options []string
	for _, c := range initialConfusions {
		rest, ok := strings.CutPrefix(lower, c[0])
		if !ok || rest == "" || (c[0] == "n" && (rest[0] == 'g' || rest[0] == 'h')) ||
			(c[0] == "d" && strings.HasPrefix(rest, "i")) || (c[0] == "gi" && !isVowelStart(rest)) {
			continue
		}
		options = append(options, c[1]+rest)
	}
	rs := []rune(lower)
	if n := len(rs); n >= 2 && (!isVowel(rs[n-2]) || strings.HasPrefix(lower, "qu")) {
		for _, p := range yi {
			switch rs[n-1] {
			case p[0]:
				options = append(options, string(rs[:n-1])+string(p[1]))
			case p[1]:
				options = append(options, string(rs[:n-1])+string(p[0]))
			}
		}
	}
	if len(options) == 0 {
		return word, false
	}
	return withCaseOf(word, options[r.IntN(len(options))]), true
}

// retoneName gives one syllable of the name another tone (or none): a
// slip of the Telex/VNI input method, or a tone misheard.
func retoneName(r *rand.Rand, name *string) bool {
	words := strings.Fields(*name)
	if len(words) == 0 {
		return false
	}
	i := r.IntN(len(words))
	w := retone(r, words[i])
	if w == words[i] {
		return false
	}
	words[i] = w
	*name = strings.Join(words, " ")
	return true
}

// tones are the combining marks of the five marked tones.
var tones = []rune{'\u0300', '\u0301', '\u0303', '\u0309', '\u0323'}

func retone(r *rand.Rand, word string) string {
	rs := []rune(norm.NFD.String(word))
	vowel, mark := -1, -1
	for i, c := range rs {
		switch {
		case isTone(c):
			mark = i
		case vowel < 0 && isVowel(unicode.ToLower(c)):
			vowel = i
		}
	}
	if vowel < 0 {
		return word
	}
	choice := tones[r.IntN(len(tones))]
	switch {
	case mark >= 0 && (r.IntN(3) == 0 || rs[mark] == choice): // the mark dropped
		rs = append(rs[:mark], rs[mark+1:]...)
	case mark >= 0:
		rs[mark] = choice
	default: // a mark added to a level-tone syllable
		rs = append(rs[:vowel+1], append([]rune{choice}, rs[vowel+1:]...)...)
	}
	return norm.NFC.String(string(rs))
}

func isTone(c rune) bool {
	for _, t := range tones {
		if c == t {
			return true
		}
	}
	return false
}

// isVowel reports a base vowel (marks stripped by NFD or not).
func isVowel(c rune) bool {
	base := []rune(norm.NFD.String(string(c)))[0]
	return strings.ContainsRune("aeiouy", base)
}

func isVowelStart(s string) bool {
	rs := []rune(s)
	return len(rs) > 0 && isVowel(rs[0])
}

// withCaseOf writes lower in the case pattern of like: all capitals, a
// capital initial, or lower case.
func withCaseOf(like, lower string) string {
	switch rs := []rune(like); {
	case len(rs) > 1 && like == strings.ToUpper(like):
		return strings.ToUpper(lower)
	case len(rs) > 0 && unicode.IsUpper(rs[0]):
		lr := []rune(lower)
		lr[0] = unicode.ToUpper(lr[0])
		return string(lr)
	}
	return lower
}

// dayTypo slips one digit of a two-digit day so that the date (yyyymm is
// "YYYY-MM") stays valid, or returns "".
func dayTypo(r *rand.Rand, day, yyyymm string) string {
	var cands []string
	for pos := 0; pos < 2; pos++ {
		for d := byte('0'); d <= '9'; d++ {
			b := []byte(day)
			if b[pos] == d {
				continue
			}
			b[pos] = d
			if _, err := time.Parse(time.DateOnly, fmt.Sprintf("%s-%s", yyyymm, b)); err == nil {
				cands = append(cands, string(b))
			}
		}
	}
	if len(cands) == 0 {
		return ""
	}
	return cands[r.IntN(len(cands))]
}
