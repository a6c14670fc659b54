package dedupe

import (
	"encoding/binary"
	"errors"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// A spilled record is the prepared Record itself, every derived string
// included, so that reading it back costs no folding or parsing: a record
// is read once for each of its blocks that can hold a pair, and preparing
// it again each time was most of a streaming run's CPU. The fingerprints
// are hashed again on reading (their seed lives in the process).

// encodeRecord appends r to buf.
func encodeRecord(buf []byte, r *Record) []byte {
	str := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	name := func(n *Name) {
		buf = binary.AppendUvarint(buf, uint64(len(n.Tokens)))
		for _, t := range n.Tokens {
			str(t)
		}
		if len(n.Tokens) > 0 {
			f := n.forms
			if f == nil { // a Name built from tokens alone
				f = &nameForms{full: n.computeFull(), bag: n.computeBag(), surnameGiven: n.computeSurnameGiven(), surnameMiddles: n.computeSurnameMiddles()}
			}
			for _, s := range [...]string{f.full, f.bag, f.surnameGiven, f.surnameMiddles, f.untyped} {
				str(s)
			}
		}
	}
	for _, s := range [...]string{r.Ref, r.ID, r.birthDigits, string(r.Sex), r.IDNumber, r.OldNumber, r.Father.Number, r.Mother.Number,
		r.Spouse.Number, r.Household, r.Communes[0], r.Communes[1], r.Communes[2], r.Province, r.Address, r.Ethnicity,
		r.BloodType, r.Hometown, r.Phone, r.soundGiven, r.soundName} {
		str(s)
	}
	for _, n := range [...]*Name{&r.Name, &r.Other, &r.Father.Name, &r.Mother.Name, &r.Spouse.Name} {
		name(n)
	}
	for _, v := range [...]int{r.Birth.Year, r.Birth.Month, r.Birth.Day, len(r.Cancelled)} {
		buf = binary.AppendVarint(buf, int64(v))
	}
	for _, c := range r.Cancelled {
		str(c)
	}
	return buf
}

var errSpillCorrupt = errors.New("dedupe spill: damaged record")

// appendKeyHashes appends the record's blocking-key hashes, sorted, ahead
// of the record: pass 2 reads a record once for each block it shares, and
// computing its keys again each time was a sixth of reading it back.
func appendKeyHashes(buf []byte, keys []uint64) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(keys)))
	start := len(buf)
	for _, h := range keys {
		buf = binary.BigEndian.AppendUint64(buf, h)
	}
	hs := buf[start:]
	for i := 1; i < len(keys); i++ { // insertion sort: a record has a dozen keys
		for j := i; j > 0 && binary.BigEndian.Uint64(hs[8*(j-1):]) > binary.BigEndian.Uint64(hs[8*j:]); j-- {
			a, b := hs[8*(j-1):8*j], hs[8*j:8*(j+1)]
			var t [8]byte
			copy(t[:], a)
			copy(a, b)
			copy(b, t[:])
		}
	}
	return buf
}

// readKeyHashes reads what appendKeyHashes wrote into hs and returns the
// rest of b, the record.
func readKeyHashes(b []byte, hs []uint64) ([]uint64, []byte, error) {
	n, size := binary.Uvarint(b)
	if size <= 0 || n > uint64(len(b)-size)/8 {
		return hs, nil, errSpillCorrupt
	}
	b = b[size:]
	for i := uint64(0); i < n; i++ {
		hs = append(hs, binary.BigEndian.Uint64(b[8*i:]))
	}
	return hs, b[8*n:], nil
}

// recordDecoder reads what encodeRecord wrote. Its strings share one copy
// of the record's bytes.
type recordDecoder struct {
	s    string
	bad  bool
	slab *recordSlab
	// forms and toks count what the record's names took of slab.
	forms, toks int
}

// recordSlab is a record read back together with its names' tokens and
// forms: one allocation a record instead of two a name, for every record
// of every block a second pass reads.
type recordSlab struct {
	rec    Record
	shares recordShares // rec's cache while a block holds it
	forms  [5]nameForms
	toks   [16]string
}

func (d *recordDecoder) uvarint() uint64 {
	var v uint64
	for shift := 0; ; shift += 7 {
		if len(d.s) == 0 || shift > 63 {
			d.bad = true
			return 0
		}
		c := d.s[0]
		d.s = d.s[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
}

func (d *recordDecoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.bad = true
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

func (d *recordDecoder) int() int {
	u := d.uvarint()
	return int(int64(u>>1) ^ -int64(u&1)) // zig-zag, as binary.AppendVarint
}

func (d *recordDecoder) name() Name {
	n := d.uvarint()
	if n == 0 || n > uint64(len(d.s)) { // a token takes at least a byte
		d.bad = d.bad || n != 0
		return Name{}
	}
	var toks []string
	if sl := d.slab; d.toks+int(n) <= len(sl.toks) {
		toks, d.toks = sl.toks[d.toks:d.toks+int(n):d.toks+int(n)], d.toks+int(n) // full capacity: an append copies
	} else {
		toks = make([]string, n)
	}
	for i := range toks {
		toks[i] = d.str()
	}
	f := &d.slab.forms[d.forms] // five names, five forms
	d.forms++
	*f = nameForms{full: d.str(), bag: d.str(), surnameGiven: d.str(), surnameMiddles: d.str(), untyped: d.str()}
	return Name{Tokens: toks, forms: f}
}

// decodeRecord reads a record encodeRecord wrote.
func decodeRecord(b []byte) (Record, error) {
	var sl recordSlab
	err := sl.decode(string(b))
	return sl.rec, err
}

// decode reads a record encodeRecord wrote into sl.rec, which it
// overwrites whole (a slab is reused from block to block). The record's
// strings are substrings of s.
func (sl *recordSlab) decode(s string) error {
	d := recordDecoder{s: s, slab: sl}
	r := &sl.rec
	*r = Record{}
	var sex string
	for _, p := range [...]*string{&r.Ref, &r.ID, &r.birthDigits, &sex, &r.IDNumber, &r.OldNumber, &r.Father.Number, &r.Mother.Number,
		&r.Spouse.Number, &r.Household, &r.Communes[0], &r.Communes[1], &r.Communes[2], &r.Province, &r.Address, &r.Ethnicity,
		&r.BloodType, &r.Hometown, &r.Phone, &r.soundGiven, &r.soundName} {
		*p = d.str()
	}
	r.Sex = registry.Sex(sex)
	for _, n := range [...]*Name{&r.Name, &r.Other, &r.Father.Name, &r.Mother.Name, &r.Spouse.Name} {
		*n = d.name()
	}
	r.Birth = pdate.Date{Year: d.int(), Month: d.int(), Day: d.int()}
	if n := d.int(); n > 0 && n <= len(d.s) {
		r.Cancelled = make([]string, n)
		for i := range r.Cancelled {
			r.Cancelled[i] = d.str()
		}
	} else if n != 0 {
		d.bad = true
	}
	if d.bad || len(d.s) != 0 {
		*r = Record{}
		return errSpillCorrupt
	}
	for _, rel := range [...]*Relative{&r.Father, &r.Mother, &r.Spouse} {
		rel.fp = fingerprint(rel.Number)
	}
	r.fp = fingerprints{id: fingerprint(r.IDNumber), household: fingerprint(r.Household), phone: fingerprint(r.Phone),
		old: fingerprint(r.OldNumber), address: fingerprint(r.Address)}
	return nil
}
