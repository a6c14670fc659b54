package idnumber

// The serial permutation: a balanced Feistel network on 20-bit values (two
// 10-bit halves) with cycle walking down to the serial domain.
//
// Why a permutation: numbers must be unique and never reused, and a block
// holds only 999,999 serials. Random draws with a retry-on-collision loop slow
// down as the block fills and prove nothing about uniqueness. A keyed
// bijection f on [0, serialCount) lets the registry store one counter n per
// block and issue f(n): distinct n give distinct serials by construction,
// while the key keeps the serial sequence unpredictable from the outside.
//
// A Feistel network is a bijection whatever its round function, so the round
// function only has to mix well and be fast; the keying material comes from
// SHA-256 (see Sequencer). Cycle walking (re-apply the permutation until the
// value falls inside the domain) restricts a bijection on [0, 2^20) to a
// bijection on [0, serialCount): it terminates because x itself is in the
// domain, so its cycle re-enters it, and 2^20/999,999 ≈ 1.05 means ~1.05
// applications on average.

const (
	serialCount = 999_999 // serials 000001..999999, index 0..999998
	halfBits    = 10
	halfMask    = 1<<halfBits - 1
	rounds      = 8 // 4 already suffice for a bijection; 8 mixes the halves more
)

type roundKeys [rounds]uint64

// mix64 is the SplitMix64 / Stafford variant 13 finaliser: a cheap
// avalanche function in which each input bit affects every output bit.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (k *roundKeys) round(i int, half uint32) uint32 {
	return uint32(mix64(k[i]^uint64(half))) & halfMask
}

func (k *roundKeys) encrypt20(x uint32) uint32 {
	l, r := x>>halfBits, x&halfMask
	for i := 0; i < rounds; i++ {
		l, r = r, l^k.round(i, r)
	}
	return l<<halfBits | r
}

func (k *roundKeys) decrypt20(x uint32) uint32 {
	l, r := x>>halfBits, x&halfMask
	for i := rounds - 1; i >= 0; i-- {
		l, r = r^k.round(i, l), l
	}
	return l<<halfBits | r
}

// permute maps an index in [0, serialCount) to an index in the same range.
func (k *roundKeys) permute(n uint32) uint32 {
	x := k.encrypt20(n)
	for x >= serialCount {
		x = k.encrypt20(x)
	}
	return x
}

// unpermute is the inverse of permute.
func (k *roundKeys) unpermute(x uint32) uint32 {
	n := k.decrypt20(x)
	for n >= serialCount {
		n = k.decrypt20(n)
	}
	return n
}
