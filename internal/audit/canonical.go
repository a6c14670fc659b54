package audit

import (
	"encoding/binary"
	"errors"
	"time"
)

// canonicalVersion opens every encoding, so a future format cannot be
// confused with this one.
const canonicalVersion = 1

// Canonical is the deterministic byte form of an entry that the chain
// hashes: a version byte, the time as big-endian Unix microseconds, the
// scalar strings in a fixed order, then the citizen ids and the fields as
// counted lists, then the confidential flag. Every string and list is
// length-prefixed (uvarint), so the encoding is injective: two different
// entries never share bytes. Call it on a normalized entry.
func Canonical(e Entry) []byte {
	n := 1 + 8 + 1
	for _, s := range e.strings() {
		n += binary.MaxVarintLen64 + len(s)
	}
	for _, list := range [][]string{e.CitizenIDs, e.Fields} {
		n += binary.MaxVarintLen64
		for _, s := range list {
			n += binary.MaxVarintLen64 + len(s)
		}
	}
	b := make([]byte, 0, n)
	b = append(b, canonicalVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time.UnixMicro()))
	for _, s := range e.strings() {
		b = appendString(b, s)
	}
	for _, list := range [][]string{e.CitizenIDs, e.Fields} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, s := range list {
			b = appendString(b, s)
		}
	}
	if e.Confidential {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errCanonical = errors.New("audit: malformed canonical entry")

// ParseCanonical decodes what Canonical wrote. It accepts only the
// canonical form (minimal varints, a 0/1 flag, no trailing bytes), so
// Canonical(ParseCanonical(b)) == b for every accepted b.
func ParseCanonical(b []byte) (Entry, error) {
	var e Entry
	if len(b) < 9 || b[0] != canonicalVersion {
		return e, errCanonical
	}
	e.Time = time.UnixMicro(int64(binary.BigEndian.Uint64(b[1:9]))).UTC()
	d := decoder{b: b[9:]}
	for _, p := range e.stringPtrs() {
		*p = d.string()
	}
	e.CitizenIDs = d.list()
	e.Fields = d.list()
	if d.err != nil || len(d.b) != 1 || d.b[0] > 1 {
		return Entry{}, errCanonical
	}
	e.Confidential = d.b[0] == 1
	return e, nil
}

// decoder reads length-prefixed items; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	// n must also be the minimal length, or two byte strings would decode
	// to one entry.
	if n <= 0 || n != len(binary.AppendUvarint(nil, v)) {
		d.err = errCanonical
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errCanonical
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) list() []string {
	n := d.uvarint()
	// Each item takes at least one byte: this bounds the allocation.
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errCanonical
		return nil
	}
	var out []string
	for i := uint64(0); i < n && d.err == nil; i++ {
		out = append(out, d.string())
	}
	return out
}
