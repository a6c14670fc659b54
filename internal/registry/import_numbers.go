package registry

// numberSet holds the ID numbers an import batch carries or was given. A
// batch of 10 million rows holds 10 million of them, so a number made of
// up to 17 digits is kept as one uint64 (its digits, and its length so
// "042" and "42" differ): ~16 bytes a number in the map instead of ~60 for
// a string key with its own allocation. Anything else (never a valid
// number, but the set must not lose it) is kept as a string.
type numberSet struct {
	packed map[uint64]struct{}
	other  map[string]struct{}
}

func newNumberSet() *numberSet {
	return &numberSet{packed: map[uint64]struct{}{}, other: map[string]struct{}{}}
}

// packNumber returns the key of an all-digit number of 1 to 17 digits.
func packNumber(n string) (uint64, bool) {
	if len(n) == 0 || len(n) > 17 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	// 17 digits stay below 10^17 < 2^59; the length takes the top 5 bits.
	return uint64(len(n))<<59 | v, true
}

func (s *numberSet) add(n string) {
	if k, ok := packNumber(n); ok {
		s.packed[k] = struct{}{}
		return
	}
	s.other[string([]byte(n))] = struct{}{} // a copy: n may be a slice of the source line
}

func (s *numberSet) has(n string) bool {
	if k, ok := packNumber(n); ok {
		_, found := s.packed[k]
		return found
	}
	_, found := s.other[n]
	return found
}
