package face

import (
	"dancu/internal/card"
)

// Back geometry (mm). The QR code is 18 × 18 mm at the top right (TT
// 16/2024); the MRZ takes the bottom in OCR-B at ICAO's 10 characters per
// 25.4 mm.
const (
	qrSize      = 18.0
	qrX, qrY    = cardW - 3.5 - qrSize, 3.5
	backX       = 3.5
	besideQRW   = qrX - 1.5 - backX
	fullW       = cardW - 2*backX
	mrzSize     = 3.5  // em (mm); OCR-B advances 0.723 em, so 2.53 mm a character: ICAO 9303-3's 2.54 mm pitch, 30 characters in 76 mm
	mrzTop      = 40.0 // no text above may pass this
	mrzBaseline = 43.6
	mrzPitch    = 4.0
)

// back lays out the back: residence, origin, (identifying marks on the
// 2014 model), dates, issuing authority, QR code and MRZ.
func (l *layout) back(c card.Card, w wording, mrz [3]string, qr *imageOp) {
	l.background()
	if qr != nil {
		q := *qr
		q.x, q.y, q.w, q.h = qrX, qrY, qrSize, qrSize
		l.s.add(q)
	}
	x, y := backX, 3.5
	y = l.label(x, y, besideQRW, w.residence)
	y = l.block(x, y, besideQRW, c.Residence, sansBold, valueSize, valueMin, 4, ink) + rowGap
	y = l.label(x, y, besideQRW, w.origin)
	y = l.block(x, y, besideQRW, origin(c), sansBold, valueSize, valueMin, 2, ink) + rowGap
	if w.marks != "" {
		y = l.label(x, y, widthAt(y), w.marks)
		y = l.block(x, y, widthAt(y), c.IdentifyingMarks, sansBold, valueSize, valueMin, 1, ink) + rowGap/2
	}
	y = l.inline(x, y, widthAt(y), w.issueDate, c.IssueDate.DDMMYYYY()) + rowGap/2
	y = l.inline(x, y, widthAt(y), w.expiryDate, expiryText(c)) + rowGap/2
	l.inline(x, y, widthAt(y), w.issuePlace, issuePlace(c))
	l.mrz(mrz)
}

// widthAt is the text width available on a row starting at y: beside the
// QR code, or the full card below it.
func widthAt(y float64) float64 {
	if y >= qrY+qrSize+0.3 {
		return fullW
	}
	return besideQRW
}

// mrz adds the three MRZ lines, centred; a line longer than the 30
// characters of TD1 shrinks rather than leaving the card.
func (l *layout) mrz(lines [3]string) {
	for i, s := range lines {
		if s == "" {
			continue
		}
		l.centred(cardW/2, mrzBaseline+float64(i)*mrzPitch, fullW, s, ocrB, mrzSize, ink)
	}
}
