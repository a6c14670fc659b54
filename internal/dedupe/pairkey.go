package dedupe

// PairKey names an unordered pair of register ids: the same key whichever
// record came first, so a decision on a pair survives later runs.
func PairKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + "|" + b
}
