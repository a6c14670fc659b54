package dedupe

// Interner shares equal strings between prepared records: a million
// records repeat a few thousand names, communes and dates, and one copy of
// each saves memory and lets equal strings compare by pointer. It also
// remembers each name it parsed, by the name as written: folding (Unicode
// decomposition) and splitting the four names of every record was half of
// what loading a million records cost, and most of them repeat. It is a
// plain map, so each goroutine preparing records uses its own (the zero
// Interner interns nothing). A process-wide interner (package unique) cost
// a sixth of a full run's CPU in its concurrent map.
type Interner struct {
	m     map[string]string
	names map[string]Name
}

// NewInterner returns an empty interner.
func NewInterner() Interner { return Interner{m: map[string]string{}, names: map[string]Name{}} }

func (in Interner) intern(s string) string {
	if in.m == nil || s == "" {
		return s
	}
	if v, ok := in.m[s]; ok {
		return v
	}
	in.m[s] = s
	return s
}
