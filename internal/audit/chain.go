package audit

import (
	"crypto/sha256"
	"encoding/binary"
)

// Genesis is the hash before the first entry.
var Genesis Hash

// Link computes the chain hash of the entry at seq after prev:
// SHA-256(prev || seq as 8 big-endian bytes || Canonical(e)).
func Link(prev Hash, seq int64, e Entry) Hash {
	return link(prev, seq, Canonical(e))
}

func link(prev Hash, seq int64, canonical []byte) Hash {
	h := sha256.New()
	h.Write(prev[:])
	var s [8]byte
	binary.BigEndian.PutUint64(s[:], uint64(seq))
	h.Write(s[:])
	h.Write(canonical)
	var out Hash
	h.Sum(out[:0])
	return out
}

// Chain places entries after head: it normalizes each, numbers it and
// links it.
func Chain(headSeq int64, headHash Hash, entries []Entry) []Record {
	out := make([]Record, len(entries))
	prev := headHash
	for i, e := range entries {
		e = e.Normalize()
		seq := headSeq + int64(i) + 1
		c := Canonical(e)
		prev = link(prev, seq, c)
		out[i] = Record{Seq: seq, Hash: prev, Entry: e, Canonical: c}
	}
	return out
}
