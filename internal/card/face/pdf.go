package face

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"codeberg.org/go-pdf/fpdf"

	"dancu/internal/card"
)

// PDF family names under which the embedded fonts are registered.
var pdfFamily = [...]struct{ family, style string }{
	sans:     {"dejavu", ""},
	sansBold: {"dejavu", "B"},
	ocrB:     {"ocrb", ""},
}

// PDF returns both sides of c as a two-page PDF, each page exactly ID-1
// (85.60 × 53.98 mm), front first. Text is real text in the embedded
// DejaVu fonts and, for the MRZ, OCR-B (subset into the file), so it stays sharp at any printer
// resolution and can be searched and extracted.
func PDF(c card.Card, mrz [3]string, qr image.Image) ([]byte, error) {
	_, front, back, err := layoutCard(c, mrz, qr)
	if err != nil {
		return nil, err
	}
	doc := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: cardW, Ht: cardH}})
	doc.SetMargins(0, 0, 0)
	doc.SetAutoPageBreak(false, 0)
	doc.SetTitle("Căn cước "+c.Number, true)
	doc.SetCreator("dancu", true)
	for id, f := range pdfFamily {
		doc.AddUTF8FontFromBytes(f.family, f.style, fontTTF[id])
	}
	for page, s := range []sheet{front, back} {
		doc.AddPage()
		if err := paintPDF(doc, s, page); err != nil {
			return nil, fmt.Errorf("face: PDF of card %s: %w", c.Number, err)
		}
	}
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return nil, fmt.Errorf("face: PDF of card %s: %w", c.Number, err)
	}
	return buf.Bytes(), nil
}

// paintPDF draws a sheet on the current page. fpdf records the first
// error and ignores later calls, so it is checked once at the end.
func paintPDF(doc *fpdf.Fpdf, s sheet, page int) error {
	for i, o := range s.ops {
		switch o := o.(type) {
		case rectOp:
			setFill(doc, o.fill)
			doc.RoundedRect(o.x, o.y, o.w, o.h, o.radius, "1234", "F")
		case discOp:
			setFill(doc, o.fill)
			doc.Circle(o.cx, o.cy, o.r, "F")
		case polygonOp:
			setFill(doc, o.fill)
			doc.Polygon(points(o.pts), "F")
		case lineOp:
			doc.SetDrawColor(int(o.color.R), int(o.color.G), int(o.color.B))
			doc.SetLineWidth(o.width)
			doc.MoveTo(o.pts[0], o.pts[1])
			for j := 2; j+1 < len(o.pts); j += 2 {
				doc.LineTo(o.pts[j], o.pts[j+1])
			}
			doc.DrawPath("D")
		case textOp:
			f := pdfFamily[o.font]
			doc.SetFont(f.family, f.style, 0)
			doc.SetFontUnitSize(o.size)
			doc.SetTextColor(int(o.color.R), int(o.color.G), int(o.color.B))
			doc.Text(o.x, o.y, o.text)
		case imageOp:
			if err := pdfImage(doc, o, fmt.Sprintf("p%d-%d", page, i)); err != nil {
				return err
			}
		}
	}
	return doc.Error()
}

// pdfImage embeds a JPEG photo as is; other images (the QR code) go in as
// lossless PNG.
func pdfImage(doc *fpdf.Fpdf, o imageOp, name string) error {
	opt := fpdf.ImageOptions{ImageType: "JPG"}
	data := o.jpeg
	if data == nil {
		var buf bytes.Buffer
		if err := png.Encode(&buf, o.img); err != nil {
			return fmt.Errorf("encode image %s: %w", name, err)
		}
		opt.ImageType, data = "PNG", buf.Bytes()
	}
	doc.RegisterImageOptionsReader(name, opt, bytes.NewReader(data))
	doc.ImageOptions(name, o.x, o.y, o.w, o.h, false, opt, 0, "")
	return nil
}

func setFill(doc *fpdf.Fpdf, c color.RGBA) { doc.SetFillColor(int(c.R), int(c.G), int(c.B)) }

func points(pts []float64) []fpdf.PointType {
	out := make([]fpdf.PointType, 0, len(pts)/2)
	for i := 0; i+1 < len(pts); i += 2 {
		out = append(out, fpdf.PointType{X: pts[i], Y: pts[i+1]})
	}
	return out
}
