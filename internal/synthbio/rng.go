package synthbio

import "math/rand/v2"

// Stream salts keep the photo, each finger and the signature independent:
// changing how one is drawn must not shift the others for the same seed.
const (
	saltPhoto     = 0x70686f746f
	saltFinger    = 0x66696e676572
	saltSignature = 0x7369676e
	saltPerson    = 0x706572736f6e
)

// newRand returns a PCG generator, whose output is specified and therefore
// stable across Go releases (unlike the global source).
func newRand(seed, salt uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, salt))
}

// between returns a uniform float in [lo, hi).
func between(r *rand.Rand, lo, hi float64) float64 {
	return lo + r.Float64()*(hi-lo)
}
