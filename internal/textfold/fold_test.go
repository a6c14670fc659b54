package textfold

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Nguyễn Văn Hùng", "nguyen van hung"},
		{"ĐẶNG THỊ ĐÀO", "dang thi dao"},
		{"  Trần   Quốc\tToản ", "tran quoc toan"},
		{"nguyen van hung", "nguyen van hung"},
		{"Hoà", "hoa"},
		{"Hòa", "hoa"},
		{"Nguye\u0302\u0303n", "nguyen"}, // decomposed input
		{"", ""},
		{"Y Moan Ênuôl", "y moan enuol"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"NGUYỄN VĂN AN", "Nguyễn Văn An"},
		{"  nguyễn   thị  đào ", "Nguyễn Thị Đào"},
		{"đỗ", "Đỗ"},
		{"Nguyễn Văn An", "Nguyễn Văn An"},             // as stored: returned as it is
		{"Nguye\u0302\u0303n Văn An", "Nguyễn Văn An"}, // decomposed
		{"Nguyễn  Văn An", "Nguyễn Văn An"},            // two spaces
		{"Nguyễn Văn An ", "Nguyễn Văn An"},            // trailing space
		{" Nguyễn Văn An", "Nguyễn Văn An"},            // leading space
		{"Nguyễn\u00a0Văn An", "Nguyễn Văn An"},        // another space
		{"Nguyễn VĂn An", "Nguyễn Văn An"},             // an upper-case letter inside a word
		{"nguyễn Văn An", "Nguyễn Văn An"},             // a lower-case initial
		{"Nguyễn Văn \xff", "Nguyễn Văn \ufffd"},       // invalid UTF-8
		{"", ""},
	}
	for _, tt := range tests {
		if got := Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got, slow := Name(tt.in), nameSlow(tt.in); got != slow {
			t.Errorf("Name(%q) = %q, but the slow path gives %q", tt.in, got, slow)
		}
	}
}

// TestNFCAlone: every rune nfcAlone admits is NFC alone, after a letter
// and before one, and composes with no neighbour it admits either.
func TestNFCAlone(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"Nguyễn Văn Hùng", true},
		{"Thôn 3, xã Kỳ Khang", true},
		{"Nguye\u0302\u0303n", false}, // decomposed
		{"\xff", false},
		{"Tokyo 東京", false}, // NFC, but not of the runes admitted: the normaliser checks it
	} {
		if got := allNFCAlone(tt.in); got != tt.want {
			t.Errorf("allNFCAlone(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for r := rune(0); r < 0x1F00; r++ {
		if !nfcAlone(r) {
			continue
		}
		for _, s := range []string{string(r), "A" + string(r), string(r) + "a", "ư" + string(r) + "ế"} {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%q (U+%04X) is not NFC", s, r)
			}
		}
	}
}

// FuzzCleanAsNormalised: the shortcut for text already NFC gives what
// normalising gives.
func FuzzCleanAsNormalised(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn Hùng", "Nguye\u0302\u0303n", " a  b ", "\xff\xfe", "A\u0301b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(norm.NFC.String(s)), " ")
		if got := Clean(s); got != want {
			t.Fatalf("Clean(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzName: the shortcut for names already in their stored form agrees
// with the slow path on any input.
func FuzzName(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn Hùng", "ĐẶNG", " a  b ", "\xff\xfe", "Ǆa", "ǅa", "A\u0301b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, slow := Name(s), nameSlow(s); got != slow {
			t.Fatalf("Name(%q) = %q, but the slow path gives %q", s, got, slow)
		}
	})
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn Hùng", "ĐẶNG", " a  b ", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if slow := foldUnicode(s); got != slow {
			t.Fatalf("Fold(%q) = %q, but by decomposition %q", s, got, slow)
		}
		if Fold(got) != got {
			t.Fatalf("Fold is not idempotent on %q: %q then %q", s, got, Fold(got))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) produced invalid UTF-8", s)
		}
		if len(got) > 0 && (got[0] == ' ' || got[len(got)-1] == ' ') {
			t.Fatalf("Fold(%q) = %q has outer spaces", s, got)
		}
	})
}

// TestFoldPrecomposedAgreesWithDecomposition: every rune below U+1F00,
// alone and between ASCII letters and spaces, folds as decomposition folds
// it, and the shortcut covers every Vietnamese letter.
func TestFoldPrecomposedAgreesWithDecomposition(t *testing.T) {
	for r := rune(0); r < 0x1F00; r++ {
		for _, s := range []string{string(r), "A" + string(r) + "b", " " + string(r) + "  x" + string(r) + " "} {
			if got, want := Fold(s), foldUnicode(s); got != want {
				t.Fatalf("Fold(%q) = %q, want %q (U+%04X)", s, got, want, r)
			}
		}
	}
	const vietnamese = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
	for _, r := range vietnamese + strings.ToUpper(vietnamese) {
		if _, ok := foldPrecomposed(string(r)); !ok {
			t.Errorf("%q takes the decomposition path", r)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	for b.Loop() {
		Fold("Nguyễn Thị Minh Khai")
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Thôn 3", "Thôn 3"},
		{"  Thôn   3 ", "Thôn 3"},
		{"Số 12,\tđường Trần Phú", "Số 12, đường Trần Phú"},
		{"Nguye\u0302\u0303n", "Nguyễn"},
		{"a\u00a0b", "a b"},
		{"", ""},
		{"Nguyễn  Văn Hùng", "Nguyễn Văn Hùng"},
		{"Hùng\u00a0", "Hùng"},
		{"Hùng \u3000Lan", "Hùng Lan"},
		{"Đường\u2003số 3", "Đường số 3"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNeedsSpaceFix: a clean non-ASCII value takes the fast path; any
// white space to fix, ASCII or not, is seen.
func TestNeedsSpaceFix(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Nguyễn Văn Hùng", false},
		{"Số 12, đường Trần Phú", false},
		{"Nguyễn  Văn", true},
		{"Văn\u00a0Hùng", true},
		{"ễ\u3000", true},
		{"Hùng\t", true},
		{" Hùng", true},
		{"\xffa b", false},
		{"\xff  b", true},
	}
	for _, tt := range tests {
		if got := needsSpaceFix(tt.in); got != tt.want {
			t.Errorf("needsSpaceFix(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"Thôn  3", " a\tb ", "Nguye\u0302\u0303n", "x\u00a0 y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		if Clean(got) != got {
			t.Fatalf("Clean is not idempotent on %q: %q", s, got)
		}
		if utf8.ValidString(s) && strings.Join(strings.Fields(got), " ") != got {
			t.Fatalf("Clean(%q) = %q keeps extra white space", s, got)
		}
	})
}
