package registry

import (
	"slices"
	"testing"

	"dancu/internal/units"
)

// TestPlacePrefixesKeptEqualComputed checks that the kept answers are the
// computed ones, asked twice, and that an unknown place is not kept.
func TestPlacePrefixesKeptEqualComputed(t *testing.T) {
	cat := units.Default()
	places := []Place{
		{Code: "42"}, // an old province
		{Code: "42", List: string(units.List2025March)},         // a province of the 63
		{Code: "18790", List: string(units.List2025March)},      // a commune before the merger
		{Code: "18790", List: string(units.List2025July)},       // the same code on the newest list
		{Code: "01", List: string(units.List2025July)},          // a province of the 34
		{Code: "99999", List: string(units.List2025July)},       // unknown
		{Code: "Xã Kỳ Khang", List: string(units.List2025July)}, // free text
		{},
	}
	known := 0
	for _, p := range places {
		want := placePrefixes(cat, p)
		if p.Code == "" {
			want = nil
		}
		for try := 0; try < 2; try++ {
			if got := PlacePrefixes(cat, p); !slices.Equal(got, want) {
				t.Errorf("%+v (try %d): %v, want %v", p, try, got, want)
			}
		}
		if len(want) > 0 {
			known++
		}
		_, kept := placePrefixCache.Load(prefixKey{cat, p.List, p.Code})
		if kept != (len(want) > 0) {
			t.Errorf("%+v: kept = %v with %d prefixes", p, kept, len(want))
		}
	}
	if known < 3 {
		t.Errorf("only %d of the places have prefixes: the test checks little", known)
	}
}
