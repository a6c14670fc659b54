package qrimage

import (
	"bytes"
	"fmt"
	"image/png"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"dancu/internal/testtool"
)

// TestLevelsHoldTheirCapacity fills a symbol to each level's capacity,
// reads it back with zbarimg (Debian zbar-tools) and checks one byte more
// is refused with the capacity in the message.
func TestLevelsHoldTheirCapacity(t *testing.T) {
	// A base64url-like alphabet, as an SD-JWT presentation is.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
	for _, tc := range []struct {
		name  string
		level Level
		size  int
	}{
		{"L", LevelL, 400},
		{"M", LevelM, 400},
		{"L at the portal size", LevelL, 360},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for i := 0; b.Len() < tc.level.MaxBytes(); i++ {
				b.WriteByte(alphabet[(i*7+i/5)%len(alphabet)])
			}
			payload := b.String()
			img, err := PNG(payload, tc.size, tc.level)
			if err != nil {
				t.Fatalf("PNG of %d bytes: %v", len(payload), err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(img))
			if err != nil || cfg.Width != tc.size {
				t.Fatalf("PNG %d px (%v), want %d", cfg.Width, err, tc.size)
			}
			out, err := testtool.ReadQR(t, img)
			if err != nil || out != payload {
				t.Fatalf("zbarimg: %v, read %d bytes, want %d", err, len(out), len(payload))
			}
			if _, err := PNG(payload+"x", tc.size, tc.level); err == nil || !strings.Contains(err.Error(), "at most") {
				t.Errorf("one byte over the capacity: %v, want a refusal", err)
			}
		})
	}
}

func TestTooSmall(t *testing.T) {
	if _, err := PNG("short", 20, LevelL); err == nil {
		t.Error("a 20 px image succeeded, want an error")
	}
}

// dataCodewords is ISO/IEC 18004 table 9's number of data codewords per
// version (index 0 is version 1) at levels L and M, written out here
// rather than taken from the encoder so that its version choice is
// checked against the standard.
var dataCodewords = map[Level][40]int{
	LevelL: {19, 34, 55, 80, 108, 136, 156, 194, 232, 274, 324, 370, 428, 461, 523, 589, 647, 721, 795, 861,
		932, 1006, 1094, 1174, 1276, 1370, 1468, 1531, 1631, 1735, 1843, 1955, 2071, 2191, 2306, 2434, 2566, 2702, 2812, 2956},
	LevelM: {16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563, 627, 669,
		714, 782, 860, 914, 1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914, 1992, 2102, 2216, 2334},
}

// byteCapacity is how many bytes one byte-mode segment holds at version
// v: the data codewords less the 4-bit mode indicator and the character
// count (8 bits up to version 9, 16 after).
func byteCapacity(level Level, v int) int {
	count := 16
	if v <= 9 {
		count = 8
	}
	return (dataCodewords[level][v-1]*8 - 4 - count) / 8
}

// contentClasses are the kinds of text we put in QR codes: digits (a
// number alone), the QR alphanumeric set (upper case, as in the card's
// fixed fields) and base64url with the dots and tildes of an SD-JWT
// presentation. Each is encoded in byte mode, but the modules they make
// differ.
var contentClasses = []struct{ name, alphabet string }{
	{"digits", "0123456789"},
	{"alphanumeric", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"},
	{"base64url", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"},
}

// TestRoundTripAtVersionBoundaries encodes the smallest and the largest
// payload of every version at the presentations' module size, checks the
// version against ISO/IEC 18004 and reads each back with zbarimg. The
// content class turns with each payload; versions 35 to 37, where a
// presentation of the default claims falls, get every class. The first
// case is a presentation in whose version-36 symbol zbarimg once found a
// false GS1 DataBar as well, appended to the QR's text.
func TestRoundTripAtVersionBoundaries(t *testing.T) {
	if testing.Short() {
		t.Skip("about 170 zbarimg runs")
	}
	presentation, err := os.ReadFile("testdata/presentation-v36.txt")
	if err != nil {
		t.Fatal(err)
	}
	type roundTrip struct {
		name    string
		level   Level
		payload string
		version int
	}
	cases := []roundTrip{{"the v36 presentation zbar saw a DataBar in", LevelL, string(presentation), 36}}
	rng := rand.New(rand.NewPCG(36, 18004))
	text := func(alphabet string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for _, level := range []Level{LevelL, LevelM} {
		for v := 1; v <= 40; v++ {
			smallest, largest := 1, byteCapacity(level, v)
			if v > 1 {
				smallest = byteCapacity(level, v-1) + 1
			}
			for k, n := range []int{smallest, largest} {
				for i, class := range contentClasses {
					every := level == LevelL && v >= 35 && v <= 37
					if !every && i != (2*v+k)%len(contentClasses) {
						continue
					}
					name := fmt.Sprintf("%s/v%d/%s/%d", levelName(level), v, class.name, n)
					cases = append(cases, roundTrip{name, level, text(class.alphabet, n), v})
				}
			}
		}
	}
	for _, tc := range cases {
		// The credential's figures: at least 4 px a module, no less.
		img, err := PNGMinModule(tc.payload, 0, 4, tc.level)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(img))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := (cfg.Width/4 - 2*QuietModules - 17) / 4; got != tc.version {
			t.Errorf("%s: version %d, want %d", tc.name, got, tc.version)
		}
		out, err := testtool.ReadQR(t, img)
		if err != nil || out != tc.payload {
			t.Errorf("%s: %v, read %d bytes (%q), want %d", tc.name, err, len(out), tail(out, tc.payload), len(tc.payload))
		}
	}
}

func levelName(l Level) string {
	if l == LevelL {
		return "L"
	}
	return "M"
}

// tail is what out holds past want, or all of it if it does not start
// with want: what zbar read wrongly, short enough for a test message.
func tail(out, want string) string {
	if rest, ok := strings.CutPrefix(out, want); ok {
		return rest
	}
	if len(out) > 40 {
		return out[:40] + "…"
	}
	return out
}
