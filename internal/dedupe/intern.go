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
	// sounds maps a name's "surname given" to the same as it sounds (see
	// Record.soundName): built once per name, not once per record.
	sounds map[string]string
}

// NewInterner returns an empty interner.
func NewInterner() Interner {
	return Interner{m: map[string]string{}, names: map[string]Name{}, sounds: map[string]string{}}
}

// soundName returns the sound of n's surname and given name (soundKey).
func (in Interner) soundName(n *Name) string {
	sg := n.SurnameGiven()
	if v, ok := in.sounds[sg]; ok {
		return v
	}
	v := soundKey(n.Given())
	if len(n.Tokens) > 1 {
		v = soundKey(n.Surname()) + " " + v
	}
	v = in.intern(v)
	if in.sounds != nil {
		in.sounds[sg] = v
	}
	return v
}

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
