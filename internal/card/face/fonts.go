package face

import (
	_ "embed"
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The text fonts are DejaVu 2.37 from Debian's fonts-dejavu-core, whose
// licence (fonts/LICENSE-DejaVu.txt) permits redistribution. The MRZ font is
// OCR-B, the typeface ICAO 9303 prescribes for machine-readable zones, from
// Debian's fonts-ocr-b (public domain; fonts/LICENSE-OCRB.txt), converted to
// TrueType outlines for the PDF writer.
var (
	//go:embed fonts/DejaVuSans.ttf
	sansTTF []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	sansBoldTTF []byte
	//go:embed fonts/OCRB.ttf
	ocrbTTF []byte
)

// fontID names one of the embedded faces.
type fontID int

const (
	sans fontID = iota
	sansBold
	ocrB // the MRZ (ICAO 9303-3: OCR-B, size 1)
)

var fontTTF = [...][]byte{sans: sansTTF, sansBold: sansBoldTTF, ocrB: ocrbTTF}

// fontSet holds the parsed fonts; parsing takes milliseconds, so it is
// done once per process. sfnt.Font is safe for concurrent use.
type fontSet struct {
	fonts   [len(fontTTF)]*sfnt.Font
	measure [len(fontTTF)]font.Face // at measureSize, for widths only
	mu      sync.Mutex              // guards measure: a Face is not safe for concurrent use
}

// measureSize is the em size, in pixels, of the faces used to measure
// text; widths scale linearly because the faces are unhinted.
const measureSize = 1000

var loadFonts = sync.OnceValues(func() (*fontSet, error) {
	var fs fontSet
	for id, b := range fontTTF {
		f, err := opentype.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("face: parse embedded font %d: %w", id, err)
		}
		fs.fonts[id] = f
		if fs.measure[id], err = opentype.NewFace(f, &opentype.FaceOptions{Size: measureSize, DPI: 72, Hinting: font.HintingNone}); err != nil {
			return nil, fmt.Errorf("face: open embedded font %d: %w", id, err)
		}
	}
	return &fs, nil
})

// width returns the advance width of s in font id, in ems.
func (fs *fontSet) width(id fontID, s string) float64 {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return float64(font.MeasureString(fs.measure[id], s)) / float64(fixed.I(measureSize))
}
