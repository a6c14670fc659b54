package dupeval

import (
	"dancu/internal/dc01"
)

// Class is one kind of error a re-collected copy carries.
type Class string

// The classes, grouped by what they touch. ClassTable describes each.
const (
	// Name structure.
	SurnameVariant Class = "surname_variant" // Hoàng <-> Huỳnh, Vũ <-> Võ (north/south forms of one surname)
	Nickname       Class = "nickname"        // given name replaced by a home name (Tý, Bé, Út); formal name in other_name
	MiddleDropped  Class = "middle_dropped"  // a middle word left out: Nguyễn Thị Ngọc Anh -> Nguyễn Ngọc Anh
	MiddleAdded    Class = "middle_added"    // a middle word added: Trần Minh Tú -> Trần Văn Minh Tú
	NameOrder      Class = "name_order"      // given name first or family name last

	// Spelling.
	SpellOnset   Class = "spell_onset"   // initial consonant by ear: d/gi/r, ch/tr, s/x, n/l, v/d, ph/f, ngh/ng
	SpellRhyme   Class = "spell_rhyme"   // rhyme by ear or a missed mark: -n/-ng, -t/-c, i/y, ươ -> ưo
	TypoKey      Class = "typo_key"      // one keystroke: letter dropped, doubled, swapped or a neighbouring key
	TelexResidue Class = "telex_residue" // one syllable left as raw Telex keys: Nguyễn -> Nguyeenx, Hoàng -> Hoangf

	// Tones and encoding.
	ToneWrong     Class = "tone_wrong"     // one syllable with the wrong tone (hỏi/ngã above all): Nguyễn -> Nguyển
	ToneDropped   Class = "tone_dropped"   // tone marks lost on some syllables, vowel marks kept: Thủy -> Thuy
	TonePlacement Class = "tone_placement" // old vs new tone placement: Hòa/Hoà, Thủy/Thuỷ, Quý/Qúy
	NoDiacritics  Class = "no_diacritics"  // the whole form typed without marks: Nguyễn Văn Đức -> Nguyen Van Duc
	UnicodeMarks  Class = "unicode_marks"  // other code points for the same text: NFD, combining tone (Windows-1258 style), Ð (U+00D0) for Đ
	SpaceCase     Class = "space_case"     // case and spacing: upper case, lower case, double or no-break spaces, two words run together

	// Birth date.
	BirthYearOnly  Class = "birth_year_only"  // only the year kept: 1984-09-23 -> 1984
	BirthMonthOnly Class = "birth_month_only" // year and month kept: 1984-09-23 -> 1984-09
	BirthSwapDM    Class = "birth_swap_dm"    // day and month swapped: 1989-07-10 -> 1989-10-07
	BirthDigit     Class = "birth_digit"      // one digit mistyped or two swapped: 1984 -> 1948, 23 -> 28
	BirthJan1      Class = "birth_jan1"       // unknown day and month written as 01/01
	BirthLunar     Class = "birth_lunar"      // the lunar-calendar date an elder gives: 3 to 7 weeks earlier

	// Numbers.
	IDMissing   Class = "id_missing"   // the 12-digit number not written
	IDDigit     Class = "id_digit"     // one digit of the 12-digit number mistyped or two swapped
	CMNDDigit   Class = "cmnd_digit"   // one digit of the 9-digit CMND mistyped or two swapped
	CMNDMissing Class = "cmnd_missing" // the 9-digit CMND not written

	// Contact.
	PhoneMissing Class = "phone_missing" // no phone
	PhoneChanged Class = "phone_changed" // another number, a mistyped one, or the pre-2018 11-digit form

	// Place.
	AddressMissing   Class = "address_missing"   // address lines empty, commune codes kept
	AddressAbbrev    Class = "address_abbrev"    // address abbreviated: Thôn 3 -> Th.3, Tổ dân phố -> TDP, X./P. commune
	CommuneOldCode   Class = "commune_old_code"  // the commune code of the list before 2025-07-01, often with its old name
	AddressMoved     Class = "address_moved"     // collected after a move: another commune, address and household
	HouseholdChanged Class = "household_changed" // the old household-book number instead of the residence file, or none

	// Family and sex.
	ParentsMissing Class = "parents_missing" // father and mother not written
	SexWrong       Class = "sex_wrong"       // the wrong sex box ticked
)

// Anchors are the evidence a human would use to confirm a pair. A copy
// keeps at least two of those it could have (see keepsEvidence), so every
// true pair stays recognisable by a careful clerk.
const (
	anchorID = 1 << iota
	anchorName
	anchorBirth
	anchorPlace
)

// ClassInfo describes a class.
type ClassInfo struct {
	Class  Class
	Group  string  // classes of one group are never combined in a copy
	Weight float64 // relative share among first classes
	About  string  // one line, for the documentation

	damages int // anchors the class damages
	applies func(c *copyCtx) bool
	apply   func(c *copyCtx) bool // false if it could not apply after all
}

// ClassTable lists every class in the order corrections apply them to a
// copy: structure before spelling, spelling before encoding.
var ClassTable = []ClassInfo{
	{SurnameVariant, "name", 2, "Hoàng <-> Huỳnh, Vũ <-> Võ: the northern and southern forms of one surname", anchorName, appliesSurnameVariant, applySurnameVariant},
	{Nickname, "name", 2, "given name replaced by a home name (Tý, Bé, Út, Tèo), the formal name written as other name", anchorName, appliesAlways, applyNickname},
	{MiddleDropped, "name", 5, "one middle word left out: Nguyễn Thị Ngọc Anh -> Nguyễn Ngọc Anh, Trần Văn Hoàng -> Trần Hoàng", anchorName, appliesMiddleDropped, applyMiddleDropped},
	{MiddleAdded, "name", 3, "a middle word added: Văn/Thị or another: Lê Minh Tú -> Lê Văn Minh Tú", anchorName, appliesAlways, applyMiddleAdded},
	{SpellOnset, "spelling", 6, "initial consonant spelt by ear: d/gi/r, ch/tr, s/x, n/l, v/d, ph/f, ngh/ng (Phương -> Fương, Trang -> Chang)", 0, appliesSpellOnset, applySpellOnset},
	{SpellRhyme, "spelling", 4, "rhyme spelt by ear or a missed horn: -n/-ng, -t/-c, i/y, ươ -> ưo (Phúc -> Phút, Vy -> Vi, Hương -> Hưong)", 0, appliesSpellRhyme, applySpellRhyme},
	{TypoKey, "spelling", 6, "one keystroke: a letter dropped, doubled, swapped with its neighbour or replaced by a neighbouring key (Nguyễn -> Ngyễn)", 0, appliesAlways, applyTypoKey},
	{TelexResidue, "spelling", 2, "one syllable left as unconverted Telex keys: Nguyễn -> Nguyeenx or Nguyênx, Hoàng -> Hoangf", 0, appliesTelex, applyTelex},
	{ToneWrong, "tone", 6, "one syllable with another tone, hỏi/ngã most often: Nguyễn -> Nguyển, Thủy -> Thúy, Tuấn -> Tuần", 0, appliesTone, applyToneWrong},
	{ToneDropped, "tone", 5, "tone marks lost on one or more syllables, vowel marks kept: Nguyễn Thị Thủy -> Nguyên Thị Thuy", 0, appliesToneDropped, applyToneDropped},
	{TonePlacement, "tone", 3, "the other tone-placement convention: Hòa <-> Hoà, Thủy <-> Thuỷ, Quý -> Qúy", 0, appliesTonePlacement, applyTonePlacement},
	{NoDiacritics, "tone", 7, "typed without a Vietnamese keyboard: the whole form (names, parents, addresses), or the name alone a quarter of the time (Nguyễn Văn Đức -> Nguyen Van Duc)", 0, appliesNoDiacritics, applyNoDiacritics},
	{UnicodeMarks, "encoding", 3, "same letters, other code points: NFD, a separate combining tone (Windows-1258 style), Ð (U+00D0) for Đ", 0, appliesUnicodeMarks, applyUnicodeMarks},
	{NameOrder, "name", 3, "given name first (An Nguyễn Văn) or family name last (Văn An Nguyễn)", anchorName, appliesNameOrder, applyNameOrder},
	{SpaceCase, "encoding", 4, "upper or lower case, double or no-break spaces, or two words run together (NguyễnVăn An)", 0, appliesAlways, applySpaceCase},
	{BirthYearOnly, "birth", 4, "only the year of birth kept: 1984-09-23 -> 1984", anchorBirth, appliesBirthShorten(1), applyBirthShorten(1)},
	{BirthMonthOnly, "birth", 2, "only year and month kept: 1984-09-23 -> 1984-09", anchorBirth, appliesBirthShorten(2), applyBirthShorten(2)},
	{BirthSwapDM, "birth", 4, "day and month swapped: 1989-07-10 -> 1989-10-07", anchorBirth, appliesBirthSwap, applyBirthSwap},
	{BirthDigit, "birth", 5, "one digit of the date mistyped or two swapped: 1984 -> 1948 or 1985, day 23 -> 28, month 1 <-> 7", anchorBirth, appliesBirthFull, applyBirthDigit},
	{BirthJan1, "birth", 2, "an unknown day and month written as 01/01 (also for year-only originals)", anchorBirth, appliesBirthJan1, applyBirthJan1},
	{BirthLunar, "birth", 2, "the lunar-calendar birthday an elder (born before 1980) gives: 20 to 50 days earlier, the year too around Tết", anchorBirth, appliesBirthLunar, applyBirthLunar},
	{IDMissing, "id", 5, "the 12-digit ID number not written", anchorID, appliesIDMissing, applyIDMissing},
	{IDDigit, "id", 3, "one digit of the 12-digit ID number mistyped or two neighbours swapped", anchorID, appliesHasID, applyIDDigit},
	{CMNDDigit, "cmnd", 2, "one digit of the 9-digit CMND mistyped or two neighbours swapped", 0, appliesHasCMND, applyCMNDDigit},
	{CMNDMissing, "cmnd", 2, "the 9-digit CMND not written", 0, appliesHasCMND, applyCMNDMissing},
	{PhoneMissing, "contact", 2, "no phone number", 0, appliesHasPhone, applyPhoneMissing},
	{PhoneChanged, "contact", 2, "another phone: a new SIM, one digit mistyped, or the 11-digit number used before 2018 (0168… for 038…)", 0, appliesHasPhone, applyPhoneChanged},
	{AddressMissing, "place", 2, "address lines empty, commune codes kept", 0, appliesHasAddress, applyAddressMissing},
	{AddressAbbrev, "place", 3, "address abbreviated: Thôn 3 -> Th.3, Tổ dân phố 5 -> TDP 5, Số 12, đường Lê Lợi -> 12 Lê Lợi, with X./P. and the commune", 0, appliesHasAddress, applyAddressAbbrev},
	{CommuneOldCode, "place", 3, "the commune code of the list before 2025-07-01 (mapped forward by the importer), often with the old commune and district in the address", 0, appliesOldCode, applyOldCode},
	{AddressMoved, "place", 2, "collected after a move: another commune and address, head of a new household", anchorPlace, appliesMoved, applyMoved},
	{HouseholdChanged, "household", 2, "the old household-book number (sổ hộ khẩu) instead of the residence file number, or none", 0, appliesHasHousehold, applyHouseholdChanged},
	{ParentsMissing, "family", 2, "father and mother not written", 0, appliesHasParents, applyParentsMissing},
	{SexWrong, "sex", 1.5, "the other sex box ticked", 0, appliesAlways, applySexWrong},
}

var classIndex = func() map[Class]int {
	m := make(map[Class]int, len(ClassTable))
	for i, c := range ClassTable {
		m[c.Class] = i
	}
	return m
}()

// Info returns the description of a class.
func Info(c Class) (ClassInfo, bool) {
	i, ok := classIndex[c]
	if !ok {
		return ClassInfo{}, false
	}
	return ClassTable[i], true
}

// copyCtx is a copy being built from its original.
type copyCtx struct {
	g    *gen
	orig *dc01.Row
	row  *dc01.Row
	rc   *rec // the copy's record, for the collecting commune

	asciiForm bool // the whole form was typed without marks
}

func appliesAlways(*copyCtx) bool { return true }

// conflicts reports two classes whose combination would hide one of them:
// a form typed without marks erases a missed horn (Hưong -> Huong) just as
// it erases the right one.
func conflicts(a, b Class) bool {
	return a == NoDiacritics && b == SpellRhyme || a == SpellRhyme && b == NoDiacritics
}

// keepsEvidence reports whether a copy with these classes keeps at least
// two of the anchors the original offers (the ID number counts only when
// the original has one and copies keep numbers).
func (g *gen) keepsEvidence(orig *dc01.Row, classes []int) bool {
	avail := anchorName | anchorBirth | anchorPlace
	if orig.Values[cID] != "" && !g.opts.WithholdIDs {
		avail |= anchorID
	}
	damaged := 0
	for _, k := range classes {
		damaged |= ClassTable[k].damages
	}
	kept := avail &^ damaged
	n := 0
	for ; kept != 0; kept &= kept - 1 {
		n++
	}
	return n >= 2
}
