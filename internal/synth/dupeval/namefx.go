package dupeval

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Corruptions of the full name. Each works on the copy's current name, so
// two classes compose; applies* answer from the same name.

func (c *copyCtx) words() []string { return strings.Fields(c.row.Values[cName]) }

func (c *copyCtx) setWords(w []string) { c.row.Values[cName] = strings.Join(w, " ") }

// chooseWord picks the index of a word satisfying ok: the given name half
// the time when it qualifies (clerks mistype it most), else any; -1 if none.
func (c *copyCtx) chooseWord(w []string, ok func(string) bool) int {
	var idx []int
	for i, s := range w {
		if ok(s) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return -1
	}
	if last := len(w) - 1; idx[len(idx)-1] == last && c.g.r.IntN(2) == 0 {
		return last
	}
	return idx[c.g.r.IntN(len(idx))]
}

func anyWord(name string, ok func(string) bool) bool {
	return slices.ContainsFunc(strings.Fields(name), ok)
}

// --- surname_variant ---

var surnameVariants = map[string]string{"hoang": "Huỳnh", "huynh": "Hoàng", "vu": "Võ", "vo": "Vũ"}

func appliesSurnameVariant(c *copyCtx) bool {
	w := c.words()
	if len(w) < 2 {
		return false
	}
	_, ok := surnameVariants[foldKey(w[0])]
	return ok
}

func applySurnameVariant(c *copyCtx) bool {
	if !appliesSurnameVariant(c) {
		return false
	}
	w := c.words()
	v := surnameVariants[foldKey(w[0])]
	if !hasMarks(w[0]) {
		v = stripMarks(v)
	}
	w[0] = casePattern(w[0], v)
	c.setWords(w)
	return true
}

// --- nickname ---

// Home names (tên gọi ở nhà) and birth-order names used as names in
// southern legacy records.
var (
	maleNicknames   = []string{"Tý", "Tèo", "Cu", "Bi", "Tí", "Út", "Tư", "Năm", "Sáu", "Bờm", "Bo", "Cò"}
	femaleNicknames = []string{"Bé", "Út", "Hĩm", "Bống", "Mít", "Na", "Tí", "Hai", "Ba", "Gái", "Bông"}
)

func applyNickname(c *copyCtx) bool {
	w := c.words()
	if len(w) < 2 {
		return false
	}
	male, _ := sexOf(c.orig.Values[cSex])
	list := femaleNicknames
	if male {
		list = maleNicknames
	}
	nick := list[c.g.r.IntN(len(list))]
	if foldKey(nick) == foldKey(w[len(w)-1]) {
		return false
	}
	// The formal name goes to "tên gọi khác": without it the copy would be
	// a child of the same parents, born the same day, with another given
	// name, which is a twin, not a duplicate.
	formal := c.row.Values[cName]
	w[len(w)-1] = nick
	c.setWords(w)
	c.row.Values[cOtherName] = formal
	return true
}

// --- middle_dropped / middle_added ---

func isVanThi(s string) bool { k := foldKey(s); return k == "van" || k == "thi" }

func appliesMiddleDropped(c *copyCtx) bool { return len(c.words()) >= 3 }

func applyMiddleDropped(c *copyCtx) bool {
	w := c.words()
	if len(w) < 3 {
		return false
	}
	mids := w[1 : len(w)-1]
	i := 1 + c.g.r.IntN(len(mids))
	if j := slices.IndexFunc(mids, isVanThi); j >= 0 && len(mids) > 1 && c.g.r.Float64() < 0.7 {
		i = 1 + j // "Thị" is the word most often left out of a compound middle
	}
	c.setWords(slices.Delete(w, i, i+1))
	return true
}

func applyMiddleAdded(c *copyCtx) bool {
	w := c.words()
	if len(w) < 2 || len(w) > 5 {
		return false
	}
	male, _ := sexOf(c.orig.Values[cSex])
	add, pool := "Thị", femaleMiddles
	if male {
		add, pool = "Văn", maleMiddles
	}
	at := 1
	if slices.ContainsFunc(w, isVanThi) || c.g.r.Float64() < 0.25 {
		// Another common middle word, where it would go.
		add = c.g.pick(pool)
		at = len(w) - 1
	}
	if slices.ContainsFunc(w, func(s string) bool { return foldKey(s) == foldKey(add) }) {
		return false
	}
	if !hasMarks(c.row.Values[cName]) {
		add = stripMarks(add)
	}
	add = casePattern(w[len(w)-1], add)
	c.setWords(slices.Insert(w, at, add))
	return true
}

// The commonest middle words besides Văn and Thị (domain.md §11.2).
var (
	maleMiddles   = []string{"Minh", "Đức", "Ngọc", "Hoàng", "Quang", "Thanh", "Xuân", "Quốc", "Đình", "Hữu", "Duy", "Công"}
	femaleMiddles = []string{"Ngọc", "Thu", "Thanh", "Phương", "Hồng", "Minh", "Kim", "Thúy", "Mai", "Bích"}
)

// --- name_order ---

func appliesNameOrder(c *copyCtx) bool {
	w := c.words()
	return len(w) >= 2 && foldKey(w[0]) != foldKey(w[len(w)-1])
}

func applyNameOrder(c *copyCtx) bool {
	if !appliesNameOrder(c) {
		return false
	}
	w := c.words()
	sur, mid, giv := w[0], w[1:len(w)-1], w[len(w)-1]
	var out []string
	if c.g.r.IntN(2) == 0 {
		// Forms with the fields "Tên" and "Họ và chữ đệm", joined in order.
		out = append([]string{giv, sur}, mid...)
	} else {
		// Western order: family name last.
		out = append(append(append([]string{}, mid...), giv), sur)
	}
	c.setWords(out)
	return true
}

// --- spell_onset ---

// onsets, longest first, so "ngh" is not read as "n".
var onsets = []string{"ngh", "ng", "nh", "ch", "tr", "th", "ph", "kh", "gh", "gi", "qu",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"}

// onsetSwaps are the confusions of spelling by ear: the northern merger of
// d/gi/r and of n/l, ch/tr and s/x that most speakers no longer tell apart,
// the southern v = d, and ph written f.
var onsetSwaps = map[string][]string{
	"d": {"gi", "r", "v"}, "gi": {"d", "r"}, "r": {"d", "gi"},
	"ch": {"tr"}, "tr": {"ch"}, "s": {"x"}, "x": {"s"},
	"n": {"l"}, "l": {"n"}, "v": {"d"}, "ph": {"f"}, "ngh": {"ng"}, "gh": {"g"},
}

// onsetOf returns the onset of toneless letters (lower case).
func onsetOf(l []rune) string {
	low := strings.ToLower(string(l))
	for _, o := range onsets {
		if !strings.HasPrefix(low, o) {
			continue
		}
		if o == "gi" && (len([]rune(low)) < 3 || !isVowel([]rune(low)[2])) {
			continue // "gì": the i is the vowel; read "g"
		}
		return o
	}
	return ""
}

func onsetOptions(word string) []string {
	s := parseSyllable(word)
	o := onsetOf(s.letters)
	var out []string
	for _, to := range onsetSwaps[o] {
		rest := strings.ToLower(string(s.letters[len([]rune(o)):]))
		if to == "gi" && (strings.HasPrefix(rest, "i") || strings.HasPrefix(rest, "y")) {
			continue
		}
		if to == "g" && (strings.HasPrefix(rest, "i") || strings.HasPrefix(rest, "e") || strings.HasPrefix(rest, "ê")) {
			continue // "ghi" -> "gi" would read as another onset
		}
		out = append(out, to)
	}
	return out
}

func appliesSpellOnset(c *copyCtx) bool {
	return anyWord(c.row.Values[cName], func(s string) bool { return len(onsetOptions(s)) > 0 })
}

func applySpellOnset(c *copyCtx) bool {
	w := c.words()
	i := c.chooseWord(w, func(s string) bool { return len(onsetOptions(s)) > 0 })
	if i < 0 {
		return false
	}
	opts := onsetOptions(w[i])
	to := opts[c.g.r.IntN(len(opts))]
	s := parseSyllable(w[i])
	from := []rune(onsetOf(s.letters))
	letters := append([]rune(to), s.letters[len(from):]...)
	if s.pos >= 0 {
		s.pos += len([]rune(to)) - len(from)
	}
	s.letters = letters
	w[i] = casePattern(w[i], s.String())
	c.setWords(w)
	return true
}

// --- spell_rhyme ---

// rhymeOptions returns the respellings of the rhyme of a word.
func rhymeOptions(word string) []syllable {
	s := parseSyllable(word)
	low := []rune(strings.ToLower(string(s.letters)))
	n := len(low)
	var out []syllable
	vs, ve := vowelRun(s.letters)
	if vs < 0 {
		return nil
	}
	with := func(letters []rune) {
		t := s.clone()
		t.letters = letters
		out = append(out, t)
	}
	coda := string(low[ve:])
	// The southern merger of -n and -ng is heard after a, ă, â.
	openA := strings.ContainsRune("aăâ", low[ve-1])
	switch {
	case coda == "ng" && openA:
		with(slices.Clone(s.letters[:n-1])) // Hoàng -> Hoàn
	case coda == "n" && openA:
		with(append(slices.Clone(s.letters), 'g')) // Lan -> Lang
	}
	switch coda {
	case "t":
		with(append(slices.Clone(s.letters[:n-1]), 'c')) // Đạt -> Đạc
	case "c":
		with(append(slices.Clone(s.letters[:n-1]), 't')) // Phúc -> Phút
	}
	if coda == "" && ve-vs == 1 && vs > 0 && foldKey(word) != "thi" { // "Thị" is never "Thỵ"
		switch low[vs] {
		case 'i':
			l := slices.Clone(s.letters)
			l[vs] = 'y' // Vi -> Vy, Kì -> Kỳ
			with(l)
		case 'y':
			l := slices.Clone(s.letters)
			l[vs] = 'i' // Mỹ -> Mĩ, Quý -> Quí
			with(l)
		}
	}
	for i := 0; i+1 < n; i++ {
		if low[i] == 'ư' && low[i+1] == 'ơ' {
			l := slices.Clone(s.letters)
			l[i+1] = 'o' // Hương -> Hưong: the second horn missed
			with(l)
		}
	}
	for i := range out {
		out[i].letters = []rune(casePattern(string(s.letters), string(out[i].letters)))
	}
	return out
}

func appliesSpellRhyme(c *copyCtx) bool {
	return anyWord(c.row.Values[cName], func(s string) bool { return len(rhymeOptions(s)) > 0 })
}

func applySpellRhyme(c *copyCtx) bool {
	w := c.words()
	i := c.chooseWord(w, func(s string) bool { return len(rhymeOptions(s)) > 0 })
	if i < 0 {
		return false
	}
	opts := rhymeOptions(w[i])
	w[i] = opts[c.g.r.IntN(len(opts))].String()
	c.setWords(w)
	return true
}

// --- typo_key ---

// qwertyNeighbours are the keys next to each letter on the keyboards
// Vietnamese offices use.
var qwertyNeighbours = map[rune]string{
	'q': "wa", 'w': "qes", 'e': "wrd", 'r': "etf", 't': "ryg", 'y': "tuh", 'u': "yij", 'i': "uok",
	'o': "ipl", 'p': "ol", 'a': "qsz", 's': "adwx", 'd': "sfe", 'f': "dgr", 'g': "fht", 'h': "gjy",
	'j': "hku", 'k': "jli", 'l': "ko", 'z': "xa", 'x': "zcs", 'c': "xvd", 'v': "cbf", 'b': "vng",
	'n': "bmh", 'm': "nj",
}

func applyTypoKey(c *copyCtx) bool {
	w := c.words()
	i := c.chooseWord(w, func(s string) bool { return len([]rune(s)) >= 2 })
	if i < 0 {
		return false
	}
	r := c.g.r
	orig := w[i]
	rs := []rune(strings.ToLower(norm.NFC.String(orig)))
	for try := 0; try < 10; try++ {
		out := slices.Clone(rs)
		switch x := r.IntN(10); {
		case x < 3 && len(out) >= 3: // dropped: Nguyễn -> Ngyễn
			j := 1 + r.IntN(len(out)-1)
			out = slices.Delete(out, j, j+1)
		case x < 5: // neighbours swapped: Nguyễn -> Nugyễn
			j := r.IntN(len(out) - 1)
			out[j], out[j+1] = out[j+1], out[j]
		case x < 7: // doubled: Lan -> Lann
			j := r.IntN(len(out))
			out = slices.Insert(out, j, out[j])
		default: // neighbouring key
			j := r.IntN(len(out))
			nb, ok := qwertyNeighbours[out[j]]
			if !ok {
				continue
			}
			out[j] = rune(nb[r.IntN(len(nb))])
		}
		t := casePattern(orig, norm.NFC.String(string(out)))
		if t != orig && t != "" {
			w[i] = t
			c.setWords(w)
			return true
		}
	}
	return false
}

// --- telex_residue ---

func hasAnyMark(s string) bool { return hasMarks(s) }

func appliesTelex(c *copyCtx) bool { return anyWord(c.row.Values[cName], hasAnyMark) }

func applyTelex(c *copyCtx) bool {
	w := c.words()
	i := c.chooseWord(w, hasAnyMark)
	if i < 0 {
		return false
	}
	s := parseSyllable(w[i])
	keep := s.tone != toneNone && c.g.r.Float64() < 0.4
	t, ok := s.telex(keep)
	if !ok {
		return false
	}
	if len([]rune(w[i])) > 1 && w[i] == strings.ToUpper(w[i]) {
		t = strings.ToUpper(t)
	}
	w[i] = t
	c.setWords(w)
	return true
}

// --- tone_wrong / tone_dropped / tone_placement ---

func hasVowelLetter(s string) bool { return strings.IndexFunc(s, isVowel) >= 0 }

func hasTone(s string) bool { return parseSyllable(s).tone != toneNone }

func appliesTone(c *copyCtx) bool { return anyWord(c.row.Values[cName], hasVowelLetter) }

func applyToneWrong(c *copyCtx) bool {
	w := c.words()
	ok := hasVowelLetter
	if anyWord(c.row.Values[cName], hasTone) && c.g.r.Float64() < 0.8 {
		ok = hasTone
	}
	i := c.chooseWord(w, ok)
	if i < 0 {
		return false
	}
	r := c.g.r
	s := parseSyllable(w[i])
	switch {
	case s.tone == toneHook && r.Float64() < 0.6:
		s.tone = toneTilde // hỏi and ngã sound alike in the south and centre
	case s.tone == toneTilde && r.Float64() < 0.6:
		s.tone = toneHook
	default:
		t := 1 + r.IntN(numTones-1)
		if t == s.tone {
			t = 1 + (t % (numTones - 1))
		}
		if s.tone == toneNone {
			s.pos = tonePosition(s.letters, r.IntN(2) == 0)
		}
		s.tone = t
	}
	if s.pos < 0 {
		return false
	}
	t := casePattern(w[i], s.String())
	if t == w[i] {
		return false
	}
	w[i] = t
	c.setWords(w)
	return true
}

func appliesToneDropped(c *copyCtx) bool { return anyWord(c.row.Values[cName], hasTone) }

func applyToneDropped(c *copyCtx) bool {
	w := c.words()
	all := c.g.r.Float64() < 0.3
	changed := false
	for n := 0; n < 2 || all; n++ {
		i := c.chooseWord(w, hasTone)
		if i < 0 {
			break
		}
		s := parseSyllable(w[i])
		s.tone, s.pos = toneNone, -1
		w[i] = s.String()
		changed = true
		if !all && c.g.r.IntN(2) == 0 {
			break
		}
	}
	if changed {
		c.setWords(w)
	}
	return changed
}

func togglable(s string) bool { _, ok := parseSyllable(s).placementToggle(); return ok }

func appliesTonePlacement(c *copyCtx) bool { return anyWord(c.row.Values[cName], togglable) }

func applyTonePlacement(c *copyCtx) bool {
	w := c.words()
	i := c.chooseWord(w, togglable)
	if i < 0 {
		return false
	}
	s := parseSyllable(w[i])
	s.pos, _ = s.placementToggle()
	w[i] = s.String()
	c.setWords(w)
	return true
}

// --- no_diacritics / unicode_marks / space_case ---

// nameColumns are every name on a form; a keyboard without a Vietnamese
// input method hits them all.
var nameColumns = []int{cName, cOtherName, cFatherName, cMotherName, cSpouseName, cRepName, cHeadName}

// textColumns are the free-text columns besides names.
var textColumns = []int{cPermAddr, cTempAddr, cCurAddr, cBirthPlace, cBirthReg, cHometown,
	cEthnicity, cReligion, cMarital, cRelation, cSex}

func appliesNoDiacritics(c *copyCtx) bool { return hasMarks(c.row.Values[cName]) }

func applyNoDiacritics(c *copyCtx) bool {
	if !appliesNoDiacritics(c) {
		return false
	}
	cols := append(slices.Clone(nameColumns), textColumns...)
	c.asciiForm = true
	if c.g.r.IntN(4) == 0 {
		// Only the person's name, as when it is keyed into a system
		// that refuses marks and copied back.
		cols, c.asciiForm = []int{cName}, false
	}
	for _, k := range cols {
		c.row.Values[k] = stripMarks(c.row.Values[k])
	}
	return true
}

func appliesUnicodeMarks(c *copyCtx) bool { return hasMarks(c.row.Values[cName]) }

func applyUnicodeMarks(c *copyCtx) bool {
	name := c.row.Values[cName]
	if !hasMarks(name) {
		return false
	}
	r := c.g.r
	x := r.IntN(10)
	if x >= 8 && !strings.ContainsAny(name, "Đđ") {
		x = r.IntN(8)
	}
	w := c.words()
	switch {
	case x < 4: // decomposed, as macOS and some web forms send it
		cols := []int{cName}
		if r.IntN(2) == 0 {
			cols = append(slices.Clone(nameColumns), textColumns...)
		}
		for _, k := range cols {
			c.row.Values[k] = norm.NFD.String(c.row.Values[k])
		}
		return c.row.Values[cName] != name
	case x < 8: // tone as a separate mark after the precomposed vowel
		changed := false
		for i, s := range w {
			if sy := parseSyllable(s); sy.tone != toneNone {
				w[i] = sy.combining()
				changed = true
			}
		}
		if !changed {
			c.row.Values[cName] = norm.NFD.String(name)
			return true
		}
	default: // the Icelandic eth, which looks like Đ, from old fonts and OCR
		for i, s := range w {
			w[i] = strings.NewReplacer("Đ", "\u00d0", "đ", "\u00f0").Replace(s)
		}
	}
	c.setWords(w)
	return c.row.Values[cName] != name
}

func applySpaceCase(c *copyCtx) bool {
	r := c.g.r
	w := c.words()
	name := c.row.Values[cName]
	switch x := r.IntN(20); {
	case x < 6: // upper case, as DC01 asks
		cols := []int{cName}
		if r.IntN(2) == 0 {
			cols = nameColumns
		}
		for _, k := range cols {
			c.row.Values[k] = strings.ToUpper(c.row.Values[k])
		}
	case x < 8: // lower case
		c.row.Values[cName] = strings.ToLower(name)
	case x < 9: // random case per word
		for i := range w {
			if r.IntN(2) == 0 {
				w[i] = strings.ToLower(w[i])
			} else {
				w[i] = strings.ToUpper(w[i])
			}
		}
		c.setWords(w)
	case x < 13: // spacing: doubled, outer, or a no-break space from a word processor
		if len(w) < 2 {
			c.row.Values[cName] = " " + name + "  "
			break
		}
		i := 1 + r.IntN(len(w)-1)
		sep := "  "
		if r.IntN(2) == 0 {
			sep = "\u00a0"
		}
		c.row.Values[cName] = strings.Join(w[:i], " ") + sep + strings.Join(w[i:], " ")
	default: // two words run together: NguyễnVăn An, Thị Ngọc Anh -> ThịNgọc Anh
		if len(w) < 2 {
			return false
		}
		i := r.IntN(len(w) - 1)
		joined := w[i] + w[i+1]
		if r.IntN(3) == 0 && len(w) >= 3 {
			// Lower-case second half, as a hurried hand writes it.
			joined = w[i] + lowerFirst(w[i+1])
		}
		c.setWords(slices.Concat(w[:i], []string{joined}, w[i+2:]))
	}
	return c.row.Values[cName] != name
}

func lowerFirst(s string) string {
	rs := []rune(s)
	if len(rs) > 0 {
		rs[0] = unicode.ToLower(rs[0])
	}
	return string(rs)
}
