package capture

import (
	"image"
	"math"
)

// minSpread is the smallest luma standard deviation (0–255 scale) of a
// real capture. A lens cap, an empty scanner or a flat fill lies below 4;
// a badly lit but real portrait is above 15.
const minSpread = 8

// lumaSpread returns the standard deviation of luma over a grid of about
// 10,000 samples, enough to tell a picture from a flat field in well under
// a millisecond.
func lumaSpread(img image.Image) float64 {
	b := img.Bounds()
	step := max(1, int(math.Sqrt(float64(b.Dx()*b.Dy())/10000)))
	var n, sum, sumSq float64
	for y := b.Min.Y; y < b.Max.Y; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := float64(299*r+587*g+114*bl) / 1000 / 257
			n++
			sum += l
			sumSq += l * l
		}
	}
	mean := sum / n
	return math.Sqrt(max(0, sumSq/n-mean*mean))
}
