package dupeval

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestSyllableRoundTrip(t *testing.T) {
	for _, w := range []string{"Nguyễn", "Hòa", "Hoà", "Thuỷ", "Quý", "Đặng", "Giang", "NGUYỄN", "An", "Hưởng"} {
		if got := parseSyllable(w).String(); got != norm.NFC.String(w) {
			t.Errorf("%q -> %q", w, got)
		}
		if got := parseSyllable(norm.NFD.String(w)).String(); got != norm.NFC.String(w) {
			t.Errorf("NFD %q -> %q", w, got)
		}
	}
}

func TestTonePosition(t *testing.T) {
	tests := []struct {
		word     string
		newStyle bool
		want     string
	}{
		{"Hoa", false, "Hòa"}, {"Hoa", true, "Hoà"}, {"Thuy", false, "Thùy"}, {"Thuy", true, "Thuỳ"},
		{"Hoang", true, "Hoàng"}, {"Nguyên", true, "Nguyền"}, {"Quy", false, "Quỳ"}, {"Giang", true, "Giàng"},
		{"Hương", true, "Hường"}, {"Mai", true, "Mài"}, {"Tuân", false, "Tuần"},
	}
	for _, tt := range tests {
		s := parseSyllable(tt.word)
		s.tone, s.pos = toneGrave, tonePosition(s.letters, tt.newStyle)
		if got := s.String(); got != tt.want {
			t.Errorf("%q (new style %v) -> %q, want %q", tt.word, tt.newStyle, got, tt.want)
		}
	}
}

func TestPlacementToggle(t *testing.T) {
	for in, want := range map[string]string{"Hòa": "Hoà", "Hoà": "Hòa", "Thủy": "Thuỷ", "Quý": "Qúy", "Khỏe": "Khoẻ"} {
		s := parseSyllable(in)
		pos, ok := s.placementToggle()
		if !ok {
			t.Errorf("%q: no toggle", in)
			continue
		}
		s.pos = pos
		if got := s.String(); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{"Hoàng", "Quỳnh", "Hoa", "An"} {
		if _, ok := parseSyllable(in).placementToggle(); ok {
			t.Errorf("%q: toggled, but its placement is fixed", in)
		}
	}
}

func TestTelex(t *testing.T) {
	for _, tt := range []struct {
		in         string
		keepVowels bool
		want       string
	}{
		{"Nguyễn", false, "Nguyeenx"}, {"Nguyễn", true, "Nguyênx"}, {"Hoàng", false, "Hoangf"},
		{"Đức", false, "Dduwcs"}, {"Lê", false, "Lee"},
	} {
		got, ok := parseSyllable(tt.in).telex(tt.keepVowels)
		if !ok || got != tt.want {
			t.Errorf("telex(%q, %v) = %q, want %q", tt.in, tt.keepVowels, got, tt.want)
		}
	}
}

func TestStripMarks(t *testing.T) {
	if got := stripMarks("Nguyễn Văn Đức"); got != "Nguyen Van Duc" {
		t.Errorf("got %q", got)
	}
}

// TestEveryGeneratedNameSurvivesTheSyllableModel: splitting a word into
// letters and tone and joining them again must give the word back, for
// every name the generator writes.
func TestEveryGeneratedNameSurvivesTheSyllableModel(t *testing.T) {
	for _, row := range sharedBase(t) {
		for _, w := range strings.Fields(row.Values[cName]) {
			if got := parseSyllable(w).String(); got != w {
				t.Fatalf("%q -> %q", w, got)
			}
		}
	}
}
