package face

import "math"

// background paints the card stock: a pale tint with wavy guilloche
// lines, the kind of fine pattern security printing uses (and a reminder
// that this is not a plain document).
// It must stay the first thing on a sheet and depend on nothing: see
// sheet.stock.
func (l *layout) background() {
	defer func() { l.s.stock = len(l.s.ops) }()
	l.s.add(rectOp{w: cardW, h: cardH, radius: cardRadius, fill: cardTint})
	for i := range 9 {
		y0, phase := 6+float64(i)*5.2, float64(i)*0.9
		var pts []float64
		for x := 2.0; x <= cardW-2; x += 1 {
			pts = append(pts, x, y0+1.4*math.Sin(2*math.Pi*x/17+phase))
		}
		l.s.add(lineOp{pts: pts, width: 0.12, color: guilloche})
	}
}

// emblem draws a stylised placeholder for the state emblem (Quốc huy): a
// gold ring, a red disc and a five-pointed gold star. It deliberately
// does not reproduce the official artwork.
func (l *layout) emblem(cx, cy, r float64) {
	l.s.add(discOp{cx: cx, cy: cy, r: r, fill: emblemGold})
	l.s.add(discOp{cx: cx, cy: cy, r: r * 0.88, fill: emblemRed})
	l.s.add(polygonOp{pts: star(cx, cy, r*0.55, r*0.22), fill: emblemGold})
}

// star returns the ten corners of a five-pointed star pointing up.
func star(cx, cy, outer, inner float64) []float64 {
	pts := make([]float64, 0, 20)
	for k := range 10 {
		rad := outer
		if k%2 == 1 {
			rad = inner
		}
		a := -math.Pi/2 + float64(k)*math.Pi/5
		pts = append(pts, cx+rad*math.Cos(a), cy+rad*math.Sin(a))
	}
	return pts
}
