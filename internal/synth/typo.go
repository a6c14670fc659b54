package synth

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text corruptions that clerks and keyboards really produce.

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// stripDiacritics removes tone and vowel marks but keeps case, as text typed
// without a Vietnamese input method looks: "Nguyễn Văn Đức" -> "Nguyen Van Duc".
func stripDiacritics(s string) string {
	if isASCII(s) {
		return s
	}
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
	return b.String()
}

// vowelFamilies groups the Vietnamese vowels that differ only by marks:
// swapping within a family is the commonest misspelling of a name
// ("Hùng" / "Hưng", "Thủy" / "Thúy").
var vowelFamilies = [][]rune{
	[]rune("aàáảãạăằắẳẵặâầấẩẫậ"),
	[]rune("eèéẻẽẹêềếểễệ"),
	[]rune("iìíỉĩị"),
	[]rune("oòóỏõọôồốổỗộơờớởỡợ"),
	[]rune("uùúủũụưừứửữự"),
	[]rune("yỳýỷỹỵ"),
}

// consonantSwaps are consonants confused by ear or on the keyboard.
var consonantSwaps = map[rune]rune{
	'n': 'm', 'm': 'n', 's': 'x', 'x': 's', 'd': 'đ', 'đ': 'd', 'l': 'n',
	'r': 'd', 'g': 'h', 'h': 'g', 'c': 'k', 'k': 'c', 't': 'y', 'v': 'b', 'b': 'v',
	'p': 'o', 'q': 'g',
}

// typo applies one edit to a word: a mark or letter substitution, a
// transposition of neighbours, a deletion or a doubled letter. Case and NFC
// are preserved. Returns the word unchanged only if no edit fits.
func typo(r *rand.Rand, word string) string {
	rs := []rune(word)
	if len(rs) == 0 {
		return word
	}
	upper := unicode.IsUpper(rs[0])
	allUpper := len(rs) > 1 && word == strings.ToUpper(word)
	for i := range rs {
		rs[i] = unicode.ToLower(rs[i])
	}
	switch x := r.IntN(10); {
	case x < 5: // substitution
		i := r.IntN(len(rs))
		rs[i] = substitute(r, rs[i])
	case x < 7 && len(rs) >= 2: // transposition
		i := r.IntN(len(rs) - 1)
		if rs[i] == rs[i+1] {
			return typo(r, word)
		}
		rs[i], rs[i+1] = rs[i+1], rs[i]
	case x < 9 && len(rs) >= 3: // deletion
		i := r.IntN(len(rs))
		rs = append(rs[:i], rs[i+1:]...)
	default: // a doubled letter
		i := r.IntN(len(rs))
		rs = append(rs[:i+1], rs[i:]...)
	}
	switch {
	case allUpper:
		for i := range rs {
			rs[i] = unicode.ToUpper(rs[i])
		}
	case upper:
		rs[0] = unicode.ToUpper(rs[0])
	}
	return norm.NFC.String(string(rs))
}

func substitute(r *rand.Rand, c rune) rune {
	for _, fam := range vowelFamilies {
		for _, v := range fam {
			if v == c {
				for {
					w := fam[r.IntN(len(fam))]
					if w != c {
						return w
					}
				}
			}
		}
	}
	if s, ok := consonantSwaps[c]; ok {
		return s
	}
	return 'a' + rune(r.IntN(26))
}

// rephrase writes the same address in another common way.
func rephrase(r *rand.Rand, addr, communeName string) string {
	if addr == "" {
		return communeName
	}
	switch r.IntN(4) {
	case 0: // with the commune, as people write it on envelopes
		return addr + ", " + communeName
	case 1: // "Số 12, đường Trần Phú" -> "12 Trần Phú"
		if strings.HasPrefix(addr, "Số ") {
			a := strings.TrimPrefix(addr, "Số ")
			return strings.Replace(a, ", đường ", " ", 1)
		}
	case 2: // "Thôn 3" -> "thôn 03"
		words := strings.Fields(addr)
		for i, w := range words {
			if len(w) == 1 && w[0] >= '1' && w[0] <= '9' {
				words[i] = "0" + w
				return strings.Join(words, " ")
			}
		}
	case 3: // hamlet word changes: thôn <-> xóm, tổ <-> tổ dân phố
		switch {
		case strings.HasPrefix(addr, "Thôn "):
			return "Xóm " + addr[len("Thôn "):]
		case strings.HasPrefix(addr, "Xóm "):
			return "Thôn " + addr[len("Xóm "):]
		case strings.HasPrefix(addr, "Tổ dân phố "):
			return "Tổ " + addr[len("Tổ dân phố "):]
		}
	}
	first, size := utf8.DecodeRuneInString(addr)
	return string(unicode.ToLower(first)) + addr[size:] + ", " + communeName
}
