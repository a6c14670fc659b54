package dedupe

import (
	"hash/maphash"
	"strings"
)

// Frequencies counts field values over the records being deduplicated. The
// u probability of an agreement on value v (the chance that a record of
// another person shares it) is estimated as count(v)/N: "Nguyễn Văn Hùng"
// agrees by chance far more often than a rare name does.
type Frequencies struct {
	n int
	// Names: full, without middles, without given name, token bag, tokens.
	full, surnameGiven, surnameMiddles, bag, given, nameToken counter
	// birth counts "YYYY", "YYYYMM" and "YYYYMMDD" prefixes of birth dates.
	birth, sex                             counter
	father, fatherSG, mother, motherSG     counter
	parents, spouse, spouseSG              counter
	household, commune, address, phone     counter
	ethnicity, bloodType, hometown, oldNum counter
}

// counter counts the values of one field. Most fields are counted by a
// 64-bit hash of the value: a map without pointers, which the garbage
// collector does not scan. With string keys, the counts of a million
// records (some five million values) were most of a full run's live heap,
// and marking them again at every collection of the second pass was a
// quarter of the run's CPU. Two values sharing a hash would add their
// counts; among millions of values the chance of it is below one in a
// million, and it would only shift one weight. The vocabularies that
// nearShare walks (given names, name tokens) keep their strings.
type counter struct {
	hashed map[uint64]int32
	words  map[string]int32 // set instead of hashed for a vocabulary
}

// counterSeed hashes the counted values; the counts live in one process.
var counterSeed = maphash.MakeSeed()

func hashCounter() counter  { return counter{hashed: map[uint64]int32{}} }
func vocabCounter() counter { return counter{words: map[string]int32{}} }

func (c counter) add(k string) {
	if k == "" {
		return
	}
	if c.words != nil {
		c.words[k]++
		return
	}
	c.hashed[maphash.String(counterSeed, k)]++
}

// count is how many records counted k.
func (c counter) count(k string) int32 {
	if c.words != nil {
		return c.words[k]
	}
	return c.hashed[maphash.String(counterSeed, k)]
}

// NewFrequencies returns empty counts.
func NewFrequencies() *Frequencies {
	f := &Frequencies{given: vocabCounter(), nameToken: vocabCounter()}
	for _, c := range []*counter{&f.full, &f.surnameGiven, &f.surnameMiddles, &f.bag,
		&f.birth, &f.sex, &f.father, &f.fatherSG, &f.mother, &f.motherSG, &f.parents, &f.spouse, &f.spouseSG,
		&f.household, &f.commune, &f.address, &f.phone, &f.ethnicity, &f.bloodType, &f.hometown, &f.oldNum} {
		*c = hashCounter()
	}
	return f
}

// Add counts one record's values.
func (f *Frequencies) Add(r *Record) {
	f.n++
	f.full.add(r.Name.Full())
	f.surnameGiven.add(r.Name.SurnameGiven())
	f.surnameMiddles.add(r.Name.SurnameMiddles())
	f.bag.add(r.Name.Bag())
	f.given.add(r.Name.Given())
	for _, t := range r.Name.Tokens[:max(len(r.Name.Tokens)-1, 0)] {
		f.nameToken.add(t)
	}
	for _, n := range []int{4, 6, 8} {
		if len(r.birthDigits) >= n {
			f.birth.add(r.birthDigits[:n])
		}
	}
	f.sex.add(string(r.Sex))
	f.father.add(r.Father.Name.Full())
	f.fatherSG.add(r.Father.Name.SurnameGiven())
	f.mother.add(r.Mother.Name.Full())
	f.motherSG.add(r.Mother.Name.SurnameGiven())
	if !r.Father.Name.IsZero() && !r.Mother.Name.IsZero() {
		f.parents.hashed[parentsHash(r)]++
	}
	f.spouse.add(r.Spouse.Name.Full())
	f.spouseSG.add(r.Spouse.Name.SurnameGiven())
	f.household.add(r.Household)
	for _, c := range uniqueCommunes(r) {
		f.commune.add(c)
	}
	f.address.add(r.Address)
	f.phone.add(r.Phone)
	f.ethnicity.add(r.Ethnicity)
	f.bloodType.add(r.BloodType)
	f.hometown.add(r.Hometown)
	f.oldNum.add(r.OldNumber)
}

// parentsHash is the counted hash of the father's and mother's names
// together, built without joining them (it is looked up for every pair
// whose parents agree).
func parentsHash(r *Record) uint64 {
	var h maphash.Hash
	h.SetSeed(counterSeed)
	h.WriteString(r.Father.Name.Full())
	h.WriteByte('|')
	h.WriteString(r.Mother.Name.Full())
	return h.Sum64()
}

// parentsShare is the share of records with a's father and mother.
func (f *Frequencies) parentsShare(a *Record) float64 {
	if m := a.shares; m != nil && m.set&(1<<shareParents) != 0 {
		return m.v[shareParents]
	}
	sh := float64(max(f.parents.hashed[parentsHash(a)], 1)) / float64(max(f.n, 1))
	if m := a.shares; m != nil {
		m.v[shareParents], m.set = sh, m.set|1<<shareParents
	}
	return sh
}

// uniqueCommunes lists the distinct non-empty communes of a record.
func uniqueCommunes(r *Record) []string {
	out := make([]string, 0, 3)
	for _, c := range r.Communes {
		if c != "" && (len(out) == 0 || (out[0] != c && out[len(out)-1] != c)) {
			out = append(out, c)
		}
	}
	return out
}

// shareKind names a record's value whose share recordShares caches.
type shareKind uint8

const (
	shareFull shareKind = iota
	shareSurnameGiven
	shareBirth4 // the birth date's year, year-month and whole date
	shareBirth6
	shareBirth8
	shareSex
	shareOldNumber
	shareParents
	shareHousehold
	shareAddress
	sharePhone
	shareEthnicity
	shareHometown
	shareBloodType
	shareKinds
)

// recordShares caches the shares of one record's values. A streaming
// run's block scores each record against up to cap others, and the
// scorer looks up the same values of the left record for each pair: a
// look-up in the million-entry counts is a cache miss, and they were a
// quarter of the scoring at a million records.
type recordShares struct {
	set uint16 // bit k: v[k] is known
	v   [shareKinds]float64
}

// shareOf is f.share(c, v) for r's value of kind k, v being a function of
// r alone, through r's cache when it has one.
func (f *Frequencies) shareOf(r *Record, k shareKind, c counter, v string) float64 {
	m := r.shares
	if m == nil {
		return f.share(c, v)
	}
	if m.set&(1<<k) != 0 {
		return m.v[k]
	}
	sh := f.share(c, v)
	m.v[k], m.set = sh, m.set|1<<k
	return sh
}

// birthShare is the share of the first n digits of r's birth date (4, 6
// or 8).
func (f *Frequencies) birthShare(r *Record, n int) float64 {
	d := r.birthDigits[:n]
	switch n {
	case 4:
		return f.shareOf(r, shareBirth4, f.birth, d)
	case 6:
		return f.shareOf(r, shareBirth6, f.birth, d)
	case 8:
		return f.shareOf(r, shareBirth8, f.birth, d)
	}
	return f.share(f.birth, d)
}

// share is count(v)/N, at least 1/N: the value is held by the record
// being compared even when it was not counted.
func (f *Frequencies) share(c counter, v string) float64 {
	n := max(f.n, 1)
	return float64(max(c.count(v), 1)) / float64(n)
}

// nearShare is the share of records whose token is one edit from v,
// sounds like it, or abbreviates it or is abbreviated by it (but is not v), computed once per value over the counted vocabulary. The cache
// belongs to a Scorer, so goroutines scoring in parallel share no writes.
func (f *Frequencies) nearShare(c counter, cache map[string]float64, v string) float64 {
	if s, ok := cache[v]; ok {
		return s
	}
	var sum int
	for w, k := range c.words {
		if w != v && nearOrAbbreviated(v, w) {
			sum += int(k)
		}
	}
	s := float64(max(sum, 1)) / float64(max(f.n, 1))
	cache[strings.Clone(v)] = s // v may lie in a spilled file mapped only for the run
	return s
}

// established reports a given name held by at least one record in 2,000
// (and by three): a name parents give, not a clerk's typo.
func (f *Frequencies) established(given string) bool {
	return int(f.given.words[given]) >= max(3, f.n/2000)
}
