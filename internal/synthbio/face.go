package synthbio

import (
	"image/color"
	"math/rand/v2"
)

// Head geometry in portrait pixels: the face centre sits a little above
// the image centre so the crown-to-chin height is about 50 % of the frame,
// within ICAO's 50–69 % (as 9303 part 3 asks for a chip image).
const (
	headX = PhotoWidth / 2
	headY = 300
)

func drawBody(c *canvas, l look) {
	c.ellipse(headX, PhotoHeight+110, 235, 230, l.shirt)
	neck := mix(l.skin, color.RGBA{0, 0, 0, 255}, 0.15)
	c.polygon(neck, headX-45, headY+90, headX+45, headY+90, headX+50, 520, headX-50, 520)
	// The open collar: a skin-coloured V below the neck.
	c.polygon(neck, headX-50, 505, headX+50, 505, headX, 580)
	if l.longHair {
		c.polygon(l.hair, headX-l.headW-22, headY-40, headX+l.headW+22, headY-40, headX+l.headW+30, headY+175, headX-l.headW-30, headY+175)
	}
}

func drawHead(c *canvas, l look, r *rand.Rand) {
	if !l.bald {
		c.ellipse(headX, headY-35, l.headW+18, l.headH-5, l.hair)
	}
	c.ellipse(headX-l.headW+2, headY+5, 17, 30, l.skin)
	c.ellipse(headX+l.headW-2, headY+5, 17, 30, l.skin)
	c.ellipse(headX, headY, l.headW, l.headH, l.skin)
	if !l.bald {
		// The fringe, parted off-centre by the seed.
		part := between(r, -40, 40)
		c.ellipse(headX+part/2, headY-l.headH+35, l.headW+4, 55, l.hair)
	}
	drawFeatures(c, l, r)
}

func drawFeatures(c *canvas, l look, r *rand.Rand) {
	eyeDX, eyeY := between(r, 40, 50), float64(headY)-between(r, 5, 20)
	shadow := mix(l.skin, color.RGBA{0, 0, 0, 255}, 0.25)
	for _, s := range []float64{-1, 1} {
		x := headX + s*eyeDX
		c.ellipse(x, eyeY-26, 24, 5, l.hair) // eyebrow
		c.ellipse(x, eyeY, 20, 9, color.RGBA{248, 248, 245, 255})
		c.ellipse(x, eyeY, 8, 8, l.iris)
		c.ellipse(x, eyeY, 3.5, 3.5, color.RGBA{5, 5, 5, 255})
		c.ellipse(x+2.5, eyeY-2.5, 1.6, 1.6, color.RGBA{255, 255, 255, 255})
	}
	noseY := eyeY + between(r, 50, 60)
	c.polygon(shadow, headX-3, eyeY+10, headX+3, eyeY+10, headX+12, noseY, headX-12, noseY)
	c.ellipse(headX-8, noseY, 5, 3, shadow)
	c.ellipse(headX+8, noseY, 5, 3, shadow)
	c.ellipse(headX, noseY+between(r, 35, 45), between(r, 28, 38), between(r, 6, 10), l.lips)
}
