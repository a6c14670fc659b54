package pdate

import (
	"encoding/json"
	"testing"
)

// FuzzParse checks that Parse never panics and that every accepted input has
// a canonical form that parses back to the same Date, directly and via JSON.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "2001", "2001-05", "2001-05-15", "15/05/2001", "05/2001", "3/5/2001",
		"29/02/2000", "29/02/2001", "31/04/2001", "0999", "2001-13", " 2001 ", "2001-5-3", "1/1/1800", "x/y/z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("Parse(%q) returned %+v with error %v", s, d, err)
			}
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("Parse(%q) = %+v, which fails Validate: %v", s, d, err)
		}
		for _, form := range []string{d.String(), d.DDMMYYYY()} {
			again, err := Parse(form)
			if err != nil || again != d {
				t.Fatalf("Parse(%q) = %+v, but Parse(%q) = %+v, %v", s, d, form, again, err)
			}
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", d, err)
		}
		var back Date
		if err := json.Unmarshal(b, &back); err != nil || back != d {
			t.Fatalf("JSON round trip of %+v via %s = %+v, %v", d, b, back, err)
		}
		if d.Compare(d) != 0 || d.Earliest().After(d.Latest()) {
			t.Fatalf("%+v: inconsistent span %v..%v", d, d.Earliest(), d.Latest())
		}
	})
}

// FuzzUnmarshalJSON checks that the plain-string shortcut of UnmarshalJSON
// gives what decoding the JSON string in full gives, for any input.
func FuzzUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`"2001-05-15"`, `"15/05/2001"`, `""`, `null`, `"2001\u002d05"`, `"é"`, `"a\"b"`, `2001`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast Date
		fastErr := fast.UnmarshalJSON(b)
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return // not a JSON string: the general path handles it alone
		}
		slow, slowErr := Parse(s)
		if (fastErr == nil) != (slowErr == nil) || fast != slow {
			t.Fatalf("UnmarshalJSON(%q) = %+v, %v; decoding the string gives %+v, %v", b, fast, fastErr, slow, slowErr)
		}
	})
}
