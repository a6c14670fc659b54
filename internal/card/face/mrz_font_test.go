package face

import (
	"math"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
)

// TestMRZPrintsInOCRB protects the MRZ typeface: ICAO 9303-3 prescribes
// OCR-B at 10 characters per 25.4 mm, and the card printed the MRZ in a
// stand-in monospace. Each MRZ line must be drawn in the embedded OCR-B, at
// a pitch within 2 % of 2.54 mm.
func TestMRZPrintsInOCRB(t *testing.T) {
	fs, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	name, err := fs.fonts[ocrB].Name(&buf, sfnt.NameIDFull)
	if err != nil || !strings.Contains(strings.ReplaceAll(name, " ", ""), "OCRB") {
		t.Fatalf("MRZ font is %q (%v), want OCR-B", name, err)
	}
	for _, f := range []cardFixture{longCard(t), regime2014Card(t)} {
		_, _, back, err := layoutCard(f.card, f.mrz, f.qr)
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, o := range back.ops {
			tx, ok := o.(textOp)
			if !ok {
				continue
			}
			isMRZ := tx.text == f.mrz[0] || tx.text == f.mrz[1] || tx.text == f.mrz[2]
			if isMRZ != (tx.font == ocrB) {
				t.Errorf("%q drawn in font %d; the MRZ, and only it, must use OCR-B", tx.text, tx.font)
			}
			if !isMRZ {
				continue
			}
			found++
			pitch := fs.width(ocrB, tx.text) * tx.size / float64(len(tx.text))
			if math.Abs(pitch-2.54)/2.54 > 0.02 {
				t.Errorf("MRZ pitch %.3f mm, want 2.54 mm ±2 %%", pitch)
			}
		}
		if found != 3 {
			t.Errorf("%d MRZ lines drawn, want 3", found)
		}
	}
}
