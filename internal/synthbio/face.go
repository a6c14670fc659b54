package synthbio

import (
	"image/color"
	"math"
)

// Head geometry in portrait pixels: the face centre sits a little above
// the image centre so the crown-to-chin height is about 50 % of the frame,
// within ICAO's 50–69 % (as 9303 part 3 asks for a chip image).
const (
	headX = PhotoWidth / 2
	headY = 300
)

var black = color.RGBA{0, 0, 0, 255}

func drawBody(c *canvas, l look) {
	c.ellipse(headX, PhotoHeight+110, 235, 230, l.shirt)
	neck := mix(l.skin, black, 0.15)
	c.polygon(neck, headX-45, headY+90, headX+45, headY+90, headX+50, 520, headX-50, 520)
	// The open collar: a skin-coloured V below the neck.
	c.polygon(neck, headX-50, 505, headX+50, 505, headX, 580)
	if l.longHair {
		c.polygon(l.hair, headX-l.headW-22, headY-40, headX+l.headW+22, headY-40, headX+l.headW+30, headY+175, headX-l.headW-30, headY+175)
	}
}

func drawHead(c *canvas, l look) {
	top := headY - l.headH // crown of the face oval
	if !l.bald {
		c.ellipse(headX, headY-35, l.headW+18, l.headH-5, l.hair)
		if l.bun {
			c.ellipse(headX, top-40, 42, 34, l.hair)
		}
	}
	c.ellipse(headX-l.headW+2, headY+5, l.earW, l.earH, l.skin)
	c.ellipse(headX+l.headW-2, headY+5, l.earW, l.earH, l.skin)
	c.ellipse(headX, headY, l.headW, l.headH, l.skin)
	if l.jaw > 0.05 {
		// A squarer lower face: fill out the oval towards the jaw corners.
		w, y := l.headW*(0.72+0.2*l.jaw), headY+l.headH*0.45
		c.polygon(l.skin, headX-l.headW+4, headY, headX+l.headW-4, headY, headX+w, y, headX+w*0.6, headY+l.headH*0.92, headX-w*0.6, headY+l.headH*0.92, headX-w, y)
	}
	if !l.bald && l.fringe {
		// The fringe, parted off-centre; a receding hairline lifts it.
		lift := 45 * l.hairline
		c.ellipse(headX+l.part/2, top+35-lift, l.headW+4, 55-lift*0.6, l.hair)
	} else if !l.bald {
		c.ellipse(headX, top+18-30*l.hairline, l.headW*0.85, 30, l.hair)
	}
	drawFeatures(c, l)
}

func drawFeatures(c *canvas, l look) {
	eyeY := float64(headY) - 20 + l.eyeDrop
	shadow := mix(l.skin, black, 0.25)
	line := mix(l.skin, black, 0.22+0.15*l.wrinkles)
	brow := mix(l.hair, l.skin, 0.15)
	for _, s := range []float64{-1, 1} {
		x := headX + s*l.eyeDX
		c.polygon(brow, x-l.browW, eyeY-24+s*l.browTilt/2, x+l.browW, eyeY-24-s*l.browTilt/2,
			x+l.browW, eyeY-24-s*l.browTilt/2+l.browH, x-l.browW, eyeY-24+s*l.browTilt/2+l.browH)
		c.ellipse(x, eyeY, l.eyeW, l.eyeH, color.RGBA{248, 248, 245, 255})
		c.ellipse(x, eyeY, l.irisR, math.Min(l.irisR, l.eyeH), l.iris)
		c.ellipse(x, eyeY, 3.5, 3.5, color.RGBA{5, 5, 5, 255})
		c.ellipse(x+2.5, eyeY-2.5, 1.6, 1.6, color.RGBA{255, 255, 255, 255})
		if l.wrinkles > 0 {
			// Bags under the eyes and crow's feet.
			c.stroke(line, 1+l.wrinkles, x-l.eyeW*0.7, eyeY+l.eyeH+4, x, eyeY+l.eyeH+7, x+l.eyeW*0.7, eyeY+l.eyeH+4)
			c.stroke(line, 1+l.wrinkles, x+s*(l.eyeW+4), eyeY-3, x+s*(l.eyeW+12), eyeY-6)
			c.stroke(line, 1+l.wrinkles, x+s*(l.eyeW+4), eyeY+3, x+s*(l.eyeW+12), eyeY+6)
		}
		if l.glasses {
			c.ring(l.frame, 2.5, x, eyeY+2, l.eyeW+11, l.eyeH+12)
		}
	}
	if l.glasses {
		c.stroke(l.frame, 2.5, headX-l.eyeDX+l.eyeW+11, eyeY, headX+l.eyeDX-l.eyeW-11, eyeY)
	}
	noseY := eyeY + l.noseLen
	c.polygon(shadow, headX-3, eyeY+10, headX+3, eyeY+10, headX+l.noseW, noseY, headX-l.noseW, noseY)
	c.ellipse(headX-l.noseW*0.65, noseY, 5, 3, shadow)
	c.ellipse(headX+l.noseW*0.65, noseY, 5, 3, shadow)
	mouthY := noseY + l.mouthDrop
	if l.wrinkles > 0.2 {
		// Lines from the nose to the corners of the mouth, and on the forehead.
		for _, s := range []float64{-1, 1} {
			c.stroke(line, 1+l.wrinkles, headX+s*(l.noseW+8), noseY-8, headX+s*(l.noseW+16), noseY+14, headX+s*(l.mouthW+6), mouthY+6)
		}
		for i := range int(1 + 3*l.wrinkles) {
			y := headY - l.headH*0.62 + float64(i)*9
			c.stroke(line, 1+l.wrinkles*0.8, headX-l.headW*0.45, y+2, headX, y, headX+l.headW*0.45, y+2)
		}
	}
	if l.beard {
		c.ellipse(headX, headY+l.headH*0.8, l.headW*0.7, l.headH*0.28, mix(l.hair, l.skin, 0.25))
	}
	if l.moustache {
		c.polygon(mix(l.hair, l.skin, 0.2), headX-l.mouthW-2, mouthY-4, headX, mouthY-14, headX+l.mouthW+2, mouthY-4, headX, mouthY-8)
	}
	c.ellipse(headX, mouthY, l.mouthW, l.mouthH, l.lips)
	if l.hasMole {
		c.ellipse(headX+l.mole[0]*l.headW, headY+l.mole[1]*l.headH, l.mole[2], l.mole[2], mix(l.skin, black, 0.55))
	}
}
