package jsonscan

import (
	"encoding/json"
	"testing"
)

func TestSkipValue(t *testing.T) {
	for _, tc := range []struct {
		in   string
		end  int // -1: an error
		name string
	}{
		{`"a\"b" ,`, 6, "string with an escaped quote"},
		{`{"a":"}]","b":[1,{"c":2}]},`, 26, "object with brackets in a string"},
		{`[1,2] `, 5, "array"},
		{`123,`, 3, "number"},
		{`null}`, 4, "literal"},
		{`"abc`, -1, "unterminated string"},
		{`{"a":[1}`, -1, "unterminated object"},
		{``, -1, "nothing"},
		{`,`, -1, "no value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			end, err := SkipValue([]byte(tc.in), 0)
			if tc.end < 0 {
				if err == nil {
					t.Errorf("SkipValue(%q) = %d, want an error", tc.in, end)
				}
				return
			}
			if err != nil || end != tc.end {
				t.Errorf("SkipValue(%q) = %d, %v; want %d", tc.in, end, err, tc.end)
			}
		})
	}
}

// FuzzSkipValue: for any valid JSON value followed by a delimiter, the end
// SkipValue finds is where the value ends.
func FuzzSkipValue(f *testing.F) {
	f.Add(`{"a":[1,"]"],"b":null}`)
	f.Fuzz(func(t *testing.T, s string) {
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return
		}
		canon, _ := json.Marshal(v)
		b := append(canon, ',')
		end, err := SkipValue(b, 0)
		if err != nil || end != len(canon) {
			t.Fatalf("SkipValue(%s,) = %d, %v; want %d", canon, end, err, len(canon))
		}
		if SkipSpace([]byte("  \t\n"+string(canon)), 0) != 4 {
			t.Fatal("SkipSpace")
		}
	})
}
