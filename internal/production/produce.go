package production

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	"image/png"
	"time"

	"dancu/internal/card"
	"dancu/internal/card/face"
	"dancu/internal/chip"
	"dancu/internal/pdate"
	"dancu/internal/pki"
)

// qrSizePx is the QR image size: 18 mm on the card back at ~560 dpi, and
// large enough for phone scanners when the PNG is shown on its own.
const qrSizePx = 400

// Artifacts are everything one card production makes.
type Artifacts struct {
	Card        card.Card
	MRZ         card.MRZ
	QRPayload   string
	QRPNG       []byte
	Chip        chip.Image
	Front, Back []byte // PNG

	qr image.Image // decoded QRPNG, for the PDF
}

// Produce makes a card's MRZ, QR code, signed chip image and face. The
// card's dates must be set (see Dates); ds signs the chip's EF.SOD at at.
func Produce(c card.Card, ds pki.DocumentSigner, at time.Time) (Artifacts, error) {
	a, err := draw(c)
	if err != nil {
		return a, err
	}
	_, a.Chip, err = Chip(c, ds, at)
	return a, err
}

// Chip makes only what must be made once: the signed chip image (and the
// MRZ it holds). The printed artifacts are a pure function of the card
// data and are drawn when needed; the QR payload is built here too so
// that a card whose data cannot be printed fails at production.
func Chip(c card.Card, ds pki.DocumentSigner, at time.Time) (card.MRZ, chip.Image, error) {
	mrz, err := card.BuildMRZ(c)
	if err != nil {
		return mrz, chip.Image{}, fmt.Errorf("card %s: MRZ: %w", c.Number, err)
	}
	if _, err := card.BuildQRPayload(c); err != nil {
		return mrz, chip.Image{}, fmt.Errorf("card %s: QR payload: %w", c.Number, err)
	}
	img, err := chip.Build(c, mrz, chip.Signer{Certificate: ds.Certificate, Key: ds.Key}, at)
	if err != nil {
		return mrz, img, fmt.Errorf("card %s: chip: %w", c.Number, err)
	}
	return mrz, img, nil
}

// draw makes the printed artifacts: MRZ, QR code and both faces. They are
// a pure function of the card data.
func draw(c card.Card) (Artifacts, error) {
	a := Artifacts{Card: c}
	var err error
	if a.MRZ, err = card.BuildMRZ(c); err != nil {
		return a, fmt.Errorf("card %s: MRZ: %w", c.Number, err)
	}
	if a.QRPayload, err = card.BuildQRPayload(c); err != nil {
		return a, fmt.Errorf("card %s: QR payload: %w", c.Number, err)
	}
	if a.QRPNG, err = card.QRPNG(a.QRPayload, qrSizePx); err != nil {
		return a, fmt.Errorf("card %s: %w", c.Number, err)
	}
	if a.qr, err = png.Decode(bytes.NewReader(a.QRPNG)); err != nil {
		return a, fmt.Errorf("card %s: decode QR image: %w", c.Number, err)
	}
	front, back, err := face.Render(c, a.MRZ, a.qr)
	if err != nil {
		return a, fmt.Errorf("card %s: face: %w", c.Number, err)
	}
	// The two sides compress in parallel: PNG encoding is half of a
	// card's time, and an officer waiting for one card has two cores.
	var backErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Back, backErr = face.PNG(back)
	}()
	a.Front, err = face.PNG(front)
	<-done
	if err = cmp.Or(err, backErr); err != nil {
		return a, fmt.Errorf("card %s: %w", c.Number, err)
	}
	return a, nil
}

// Dates sets the card's issue date, regime and expiry by the milestone-age
// rules (card.Expiry): the regime is the law in force on the issue date.
func Dates(c *card.Card, issued time.Time) error {
	c.IssueDate = pdate.FromTime(issued)
	c.Regime = card.RegimeOn(c.IssueDate)
	v, err := card.Expiry(c.BirthDate, c.IssueDate, c.Regime)
	if err != nil {
		return fmt.Errorf("card %s: expiry: %w", c.Number, err)
	}
	c.ExpiryDate = v.Until
	return nil
}

// PDF renders both faces as a two-page PDF at ID-1 size, text embedded
// in the card's fonts (for printing and for reading back the text).
func (a Artifacts) PDF() ([]byte, error) {
	b, err := face.PDF(a.Card, a.MRZ, a.qr)
	if err != nil {
		return nil, fmt.Errorf("card %s: PDF: %w", a.Card.Number, err)
	}
	return b, nil
}

// Files names the artifacts as `dancu card export` writes them.
func (a Artifacts) Files() map[string][]byte {
	files := a.Chip.Files()
	files["mrz.txt"] = []byte(a.MRZ.String() + "\n")
	files["qr.txt"] = []byte(a.QRPayload)
	files["qr.png"] = a.QRPNG
	files["front.png"] = a.Front
	files["back.png"] = a.Back
	return files
}
