package dedupe

import (
	"slices"
	"strings"
	"unicode"
)

// splitCamel puts a space where a lower-case letter is followed by an
// upper-case one ("Nguyễn MinhYến" → "Nguyễn Minh Yến"): a clerk who
// skipped the space bar still pressed shift, and Vietnamese names never
// hold a capital inside a word.
func splitCamel(s string) string {
	var b strings.Builder
	prevLower := false
	changed := false
	for _, r := range s {
		if prevLower && unicode.IsUpper(r) {
			b.WriteByte(' ')
			changed = true
		}
		b.WriteRune(r)
		prevLower = unicode.IsLower(r)
	}
	if !changed {
		return s
	}
	return b.String()
}

// telexMarks are the Telex keys that a keyboard without the input method
// leaves in the text: doubled vowels and w for the hats and hooks, dd for
// đ. No Vietnamese syllable holds them once folded (ethnic minority names
// are written without them too).
var telexMarks = strings.NewReplacer("dd", "d", "aa", "a", "ee", "e", "oo", "o", "aw", "a", "ow", "o", "uw", "u", "w", "u")

// undoTelex turns a folded token typed in Telex without the input method
// ("nguyeenx", "hoafng", "ddinhf") into the folded syllable it stands for
// ("nguyen", "hoang", "dinh"). A tone key (s, f, r, x, j) is recognised
// where no Vietnamese syllable may hold that letter: after the vowels,
// at the end or before the final consonant; f and j are never letters of
// a Vietnamese name. Tokens with none of these leftovers are returned as
// they are.
func undoTelex(t string) string {
	if len(t) < 3 || !strings.ContainsAny(t, "wfjsrxdaeo") {
		return t
	}
	u := dropToneKey(t)
	u = telexMarks.Replace(u)
	if u == "" {
		return t
	}
	return u
}

// vietFinals are the consonants a Vietnamese syllable may end with.
var vietFinals = []string{"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}

// dropToneKey removes one tone key: the letter s, f, r, x or j at the end
// of t (no Vietnamese syllable ends with one: "nguyeenx"), or after the
// vowels and before a valid final consonant ("hoafng").
func dropToneKey(t string) string {
	if strings.IndexByte("sfrxj", t[len(t)-1]) >= 0 {
		return t[:len(t)-1]
	}
	for _, fin := range vietFinals[1:] {
		if !strings.HasSuffix(t, fin) || len(t) < len(fin)+2 {
			continue
		}
		i := len(t) - len(fin) - 1
		if strings.IndexByte("sfrxj", t[i]) >= 0 && isVowel(t[i-1]) {
			return t[:i] + fin
		}
	}
	return t
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouyw", c) >= 0 }

// joined is the name with its spaces removed: "nguyen minhyen" and
// "nguyen minh yen" are one name typed with a space missing.
func (n Name) joined() string { return strings.ReplaceAll(n.Full(), " ", "") }

// knownAs is r's name with its other name put in: the other name whole
// when it is a full name (two tokens or more), or as the given name when
// it is one word. ok is false when r has no other name.
func (r *Record) knownAs() (n Name, ok bool) {
	switch {
	case r.Other.IsZero():
		return Name{}, false
	case len(r.Other.Tokens) > 1 || r.Name.IsZero():
		return r.Other, true
	}
	toks := append(slices.Clone(r.Name.Tokens[:len(r.Name.Tokens)-1]), r.Other.Tokens[0])
	return Name{Tokens: toks}, true
}

// untypedFull is the tokens joined with Telex leftovers undone.
func untypedFull(toks []string) string {
	u := make([]string, len(toks))
	for i, t := range toks {
		u[i] = undoTelex(t)
	}
	return strings.Join(u, " ")
}

// Untyped is the name with Telex leftovers undone (the name itself when
// it has none).
func (n Name) Untyped() string {
	if u := n.untyped(); u != "" {
		return u
	}
	return n.Full()
}
