package face

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"dancu/internal/card"
)

func TestRenderBothSidesAtID1Size(t *testing.T) {
	tests := []struct {
		name string
		f    cardFixture
	}{
		{"2023 card, long name and address", longCard(t)},
		{"2014 card", regime2014Card(t)},
		{"child without photo", childCard(t)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front, back, err := Render(tt.f.card, tt.f.mrz, tt.f.qr)
			if err != nil {
				t.Fatal(err)
			}
			for side, img := range map[string]image.Image{"front": front, "back": back} {
				data, err := PNG(img)
				if err != nil {
					t.Fatal(err)
				}
				got, err := png.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("%s PNG does not decode: %v", side, err)
				}
				if b := got.Bounds(); b.Dx() != Width || b.Dy() != Height {
					t.Errorf("%s is %dx%d, want %dx%d", side, b.Dx(), b.Dy(), Width, Height)
				}
			}
		})
	}
}

// Pixel checks instead of pixel-exact goldens: each text area shows ink,
// and the photo area shows a photo only when the card has one.
func TestTextAreasShowInk(t *testing.T) {
	adult, child := longCard(t), childCard(t)
	front, back, err := Render(adult.card, adult.mrz, adult.qr)
	if err != nil {
		t.Fatal(err)
	}
	childFront, _, err := Render(child.card, child.mrz, child.qr)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		img            image.Image
		x0, y0, x1, y1 float64 // area in mm
		minInk, maxInk int     // dark pixels (luma < 110)
	}{
		{"state header", front, 16, 2, 84, 10, 500, 1 << 30},
		{"title", front, 16, 10, 84, 18.5, 500, 1 << 30},
		{"ID number", front, fieldsX, 21.5, cardW - 3, 26, 300, 1 << 30},
		{"full name", front, fieldsX, 28.5, cardW - 3, 37, 800, 1 << 30},
		{"date of birth, sex, nationality", front, fieldsX, 37, cardW - 3, 46, 500, 1 << 30},
		{"adult photo", front, photoX, photoY, photoX + photoW, photoY + photoH, 300, 1 << 30},
		{"child photo area is empty", childFront, photoX, photoY, photoX + photoW, photoY + photoH, 0, 0},
		{"residence", back, backX, 5.5, qrX - 1, 15, 800, 1 << 30},
		{"QR code", back, qrX, qrY, qrX + qrSize, qrY + qrSize, 5000, 1 << 30},
		{"MRZ", back, 3, mrzTop, cardW - 3, cardH - 1, 3000, 1 << 30},
		{"bottom margin below the MRZ", back, 0, cardH - 0.6, cardW, cardH, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := darkPixels(tt.img, image.Rect(px(tt.x0), px(tt.y0), px(tt.x1), px(tt.y1)))
			if n < tt.minInk || n > tt.maxInk {
				t.Errorf("%d dark pixels, want %d..%d", n, tt.minInk, tt.maxInk)
			}
		})
	}
}

// darkPixels counts opaque pixels in r with luma below 110; the
// anti-aliased rounded corners are partly transparent and do not count.
func darkPixels(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, ca := img.At(x, y).RGBA()
			if ca == 0xffff && (299*cr+587*cg+114*cb)/1000>>8 < 110 {
				n++
			}
		}
	}
	return n
}

// However long the values, every line of text stays on the card, clear of
// the photo, the QR code and the MRZ band.
func TestLongValuesNeverLeaveTheirArea(t *testing.T) {
	f := longCard(t)
	huge := strings.Repeat("Nguyễn Thị Phương Thảo Đặng Ỷ Lan Đắk Lắk Ngữ ", 12)
	f.card.FullName = huge
	f.card.Residence = huge
	f.card.BirthRegistration = huge
	f.card.Nationality = huge
	f.card.Hometown = huge
	f.card.IdentifyingMarks = huge
	for _, regime := range []card.Regime{card.Regime2023, card.Regime2014} {
		f.card.Regime = regime
		fs, front, back, err := layoutCard(f.card, f.mrz, f.qr)
		if err != nil {
			t.Fatal(err)
		}
		check := func(side string, s sheet, forbidden ...[4]float64) {
			for _, o := range s.ops {
				tx, ok := o.(textOp)
				if !ok {
					continue
				}
				x1 := tx.x + fs.width(tx.font, tx.text)*tx.size
				top, bottom := tx.y-tx.size*ascentFactor, tx.y+tx.size*0.25
				if tx.x < 2 || x1 > cardW-2 || top < 1 || bottom > cardH-1 {
					t.Errorf("%s %s: %q at x %.1f–%.1f, y %.1f–%.1f leaves the card", regime, side, tx.text, tx.x, x1, top, bottom)
				}
				for _, r := range forbidden {
					if tx.x < r[2] && x1 > r[0] && top < r[3] && bottom > r[1] {
						t.Errorf("%s %s: %q overlaps %v", regime, side, tx.text, r)
					}
				}
			}
		}
		check("front", front, [4]float64{photoX, photoY, photoX + photoW, photoY + photoH})
		check("back", dropMRZ(back), [4]float64{qrX, qrY, qrX + qrSize, qrY + qrSize}, [4]float64{0, mrzTop, cardW, cardH})
	}
}

func dropMRZ(s sheet) sheet {
	var out sheet
	for _, o := range s.ops {
		if tx, ok := o.(textOp); ok && tx.font == ocrB {
			continue
		}
		out.add(o)
	}
	return out
}

func TestPrintedValues(t *testing.T) {
	f := regime2014Card(t) // no expiry
	_, front, back, err := layoutCard(f.card, f.mrz, f.qr)
	if err != nil {
		t.Fatal(err)
	}
	texts := sheetText(front) + "\n" + sheetText(back)
	for _, want := range []string{"CĂN CƯỚC CÔNG DÂN", "TRẦN VĂN DŨNG", "Không thời hạn", "Quê quán", "Xã Ỷ La", "Đặc điểm nhân dạng", "Nam", "20/03/2021", "Bộ Công an", sampleMRZ[0]} {
		if !strings.Contains(texts, want) {
			t.Errorf("card does not print %q", want)
		}
	}
}

func sheetText(s sheet) string {
	var b strings.Builder
	for _, o := range s.ops {
		if tx, ok := o.(textOp); ok {
			b.WriteString(tx.text + "\n")
		}
	}
	return b.String()
}

func TestRenderRefusesBadInput(t *testing.T) {
	f := longCard(t)
	badRegime, badPhoto := f.card, f.card
	badRegime.Regime = "cmnd-1999"
	badPhoto.Photo = []byte("not an image")
	for name, c := range map[string]card.Card{"unknown regime": badRegime, "undecodable photo": badPhoto} {
		if _, _, err := Render(c, f.mrz, f.qr); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
