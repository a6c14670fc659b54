// Package qrimage draws QR codes as PNG images with sharp module edges.
// The printed card (internal/card, layout fixed by the spec at error
// correction M) and the căn cước điện tử's presentations (level L, to fit
// a selective-disclosure presentation) share this drawing; each chooses
// its own level.
package qrimage

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// Level is an ISO/IEC 18004 error-correction level.
type Level int

const (
	// LevelL recovers about 7 % of the symbol: the largest capacity,
	// for codes shown on a screen.
	LevelL Level = iota
	// LevelM recovers about 15 %: the common choice for printed IDs.
	LevelM
)

// MaxBytes is what a version-40 symbol holds in byte mode at each level
// (ISO/IEC 18004 table 7).
func (l Level) MaxBytes() int {
	if l == LevelL {
		return 2953
	}
	return 2331
}

func (l Level) lib() qrcode.EncodeOption {
	if l == LevelL {
		return qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionLow)
	}
	return qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium)
}

// QuietModules is the quiet zone ISO/IEC 18004 requires around a symbol.
const QuietModules = 4

// PNG renders payload as a square PNG of exactly sizePx pixels: whole
// pixels per module (so edges stay sharp for scanners), the symbol centred
// with at least the 4-module quiet zone. Text is encoded as UTF-8 bytes in
// byte mode.
//
// The library encodes the symbol; the pixels are drawn here straight from
// its module matrix into a two-colour paletted image, which is about ten
// times faster than the library's general-purpose drawing writer.
func PNG(payload string, sizePx int, level Level) ([]byte, error) {
	bits, err := matrix(payload, level)
	if err != nil {
		return nil, err
	}
	return draw(bits, sizePx)
}

// PNGMinModule is PNG at least minSizePx wide and with at least
// minModulePx pixels per module, the side growing as the symbol does: a
// dense code shown on a screen (version 40 has 177 modules) must not
// shrink to a pixel per module, which a phone's camera cannot read.
func PNGMinModule(payload string, minSizePx, minModulePx int, level Level) ([]byte, error) {
	bits, err := matrix(payload, level)
	if err != nil {
		return nil, err
	}
	side := len(bits) + 2*QuietModules
	module := max(minModulePx, (minSizePx+side-1)/side)
	return draw(bits, side*module)
}

// matrix encodes payload and returns its module matrix (true is dark).
func matrix(payload string, level Level) ([][]bool, error) {
	if len(payload) > level.MaxBytes() {
		return nil, fmt.Errorf("encode QR: %d bytes, a QR code holds at most %d at this error-correction level", len(payload), level.MaxBytes())
	}
	code, err := qrcode.NewWith(payload, qrcode.WithEncodingMode(qrcode.EncModeByte), level.lib())
	if err != nil {
		return nil, fmt.Errorf("encode QR: %w", err)
	}
	var m matrixCapture
	if err := code.Save(&m); err != nil {
		return nil, fmt.Errorf("encode QR: %w", err)
	}
	return m.bits, nil
}

// draw paints the modules into a sizePx square, centred, whole pixels per
// module, with at least the quiet zone.
func draw(bits [][]bool, sizePx int) ([]byte, error) {
	modules := len(bits)
	module := sizePx / (modules + 2*QuietModules)
	if module < 1 {
		return nil, fmt.Errorf("QR PNG: %d px is too small for %d modules plus quiet zone", sizePx, modules)
	}
	lead := (sizePx - modules*module) / 2
	img := image.NewPaletted(image.Rect(0, 0, sizePx, sizePx), color.Palette{color.White, color.Black})
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				fillModule(img, lead+x*module, lead+y*module, module)
			}
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("render QR PNG: %w", err)
	}
	return buf.Bytes(), nil
}

func fillModule(img *image.Paletted, x0, y0, size int) {
	for y := y0; y < y0+size; y++ {
		row := img.Pix[y*img.Stride:]
		for x := x0; x < x0+size; x++ {
			row[x] = 1
		}
	}
}

// matrixCapture is a qrcode.Writer that keeps the module matrix.
type matrixCapture struct{ bits [][]bool }

func (m *matrixCapture) Write(mat qrcode.Matrix) error {
	m.bits = mat.Bitmap()
	return nil
}

func (m *matrixCapture) Close() error { return nil }
