package face

import (
	"strings"

	"dancu/internal/card"
)

// Front geometry (mm). The photo is a 3:4 portrait, as captured.
const (
	photoX, photoY = 3.5, 19.5
	photoW, photoH = 20.0, 26.67
	fieldsX        = 26.0
	fieldsW        = cardW - fieldsX - 3
	headerCX       = 50.0 // centre of the header, right of the emblem
	headerW        = 66.0
	sexW           = 22.0 // the sex column; nationality takes the rest of the row
)

// front lays out the front: emblem, state header, title, photo and the
// holder's identity fields.
func (l *layout) front(c card.Card, w wording, photo *imageOp) {
	l.background()
	l.emblem(9.5, 9.5, 6)
	l.centred(headerCX, 5.4, headerW, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", sansBold, 2.5, ink)
	l.centred(headerCX, 8.8, headerW, "Độc lập - Tự do - Hạnh phúc", sansBold, 2.3, ink)
	l.s.add(lineOp{pts: []float64{headerCX - 15, 9.7, headerCX + 15, 9.7}, width: 0.15, color: ink})
	l.centred(headerCX, 14.6, headerW, w.title, sansBold, 4.4, titleRed)
	l.centred(headerCX, 17.6, headerW, w.titleEN, sansBold, 2.2, ink)
	if photo != nil {
		p := *photo
		p.x, p.y, p.w, p.h = photoX, photoY, photoW, photoH
		l.s.add(p)
	}
	l.frontFields(c, w)
}

func (l *layout) frontFields(c card.Card, w wording) {
	x, y := fieldsX, photoY
	y = l.label(x, y, fieldsW, w.number)
	y = l.block(x, y, fieldsW, c.Number, sansBold, 3.6, 2.4, 1, titleRed) + rowGap
	y = l.label(x, y, fieldsW, w.name)
	y = l.block(x, y, fieldsW, strings.ToUpper(c.FullName), sansBold, 3.0, 2.0, 2, ink) + rowGap
	y = l.inline(x, y, fieldsW, w.birthDate, c.BirthDate.DDMMYYYY()) + rowGap
	l.inline(x, y, sexW, w.sex, sexText(c.Sex))
	l.inline(x+sexW, y, fieldsW-sexW, w.nationality, c.Nationality)
}
