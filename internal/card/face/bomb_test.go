package face

import (
	"errors"
	"testing"

	"dancu/internal/capture"
	"dancu/internal/testtool"
)

// TestRenderRefusesPhotoBombs protects card production from a stored photo
// whose header claims a huge raster: the renderer checks the header against
// the portrait limits before decoding, so the card fails with a resolution
// refusal instead of the process running out of memory. It runs in a child
// process under a 1 GiB address-space limit.
func TestRenderRefusesPhotoBombs(t *testing.T) {
	if !testtool.UnderMemoryLimit(t, 1<<30) {
		return
	}
	f := longCard(t)
	for name, photo := range map[string][]byte{
		"JPEG 65,535×65,535":      testtool.JPEGBomb(t, 65535, 65535),
		"PNG 1,000,000×1,000,000": testtool.PNGBomb(1_000_000, 1_000_000),
	} {
		t.Run(name, func(t *testing.T) {
			c := f.card
			c.Photo = photo
			_, _, err := Render(c, f.mrz, f.qr)
			if !errors.Is(err, &capture.Error{Problem: capture.ProblemResolution}) {
				t.Errorf("Render: %v, want a resolution refusal", err)
			}
		})
	}
}
