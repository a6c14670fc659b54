package face

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"dancu/internal/capture"
	"dancu/internal/card"
)

// Pixel size of a rendered side: ID-1 at about 300 dpi.
const (
	Width  = 1012
	Height = 638
)

// Render draws the front and back of c. mrz holds the three TD1 lines and
// qr the QR code for the back, both built by package card; an empty line
// or a nil qr leaves its place blank. A card without a photo (a holder
// under 6) leaves the photo area empty. The images are *image.RGBA, Width ×
// Height, transparent outside the card's rounded corners.
func Render(c card.Card, mrz [3]string, qr image.Image) (front, back image.Image, err error) {
	fs, fsh, bsh, err := layoutCard(c, mrz, qr)
	if err != nil {
		return nil, nil, err
	}
	return paintRaster(fsh, fs), paintRaster(bsh, fs), nil
}

// PNG encodes a rendered side. It favours speed over size: a card face
// compresses well anyway. Images from Render take a fast path (see
// writeRGBAPNG); any other image goes through image/png at BestSpeed.
func PNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if rgba, ok := img.(*image.RGBA); ok {
		err = writeRGBAPNG(&buf, rgba)
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img)
	}
	if err != nil {
		return nil, fmt.Errorf("face: encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// layoutCard lays out both sides of c.
func layoutCard(c card.Card, mrz [3]string, qr image.Image) (*fontSet, sheet, sheet, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, sheet{}, sheet{}, err
	}
	w, err := wordingFor(c.Regime)
	if err != nil {
		return nil, sheet{}, sheet{}, err
	}
	photo, err := photoOp(c.Photo)
	if err != nil {
		return nil, sheet{}, sheet{}, fmt.Errorf("face: card %s: %w", c.Number, err)
	}
	var qrImg *imageOp
	if qr != nil {
		qrImg = &imageOp{img: qr, sharp: true}
	}
	front, back := layout{fs: fs}, layout{fs: fs}
	front.front(c, w, photo)
	back.back(c, w, mrz, qrImg)
	return fs, front.s, back.s, nil
}

// photoOp decodes the holder's photo; nil when the card has none. The
// photo passed the intake check once, but it is read back from storage:
// its header is checked against the portrait limits again before the
// decoder allocates anything, so no stored file can exhaust memory here.
func photoOp(data []byte) (*imageOp, error) {
	if len(data) == 0 {
		return nil, nil
	}
	img, format, err := capture.Decode(data, "photo", capture.Limits{MaxWidth: capture.PhotoMaxWidth, MaxHeight: capture.PhotoMaxHeight})
	if err != nil {
		return nil, fmt.Errorf("decode photo: %w", err)
	}
	op := &imageOp{img: img}
	if format == "jpeg" {
		op.jpeg = data
	}
	return op, nil
}
