package synthbio

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"testing"
)

func TestOutputsAreDeterministicAndVaryBySeed(t *testing.T) {
	finger := func(seed uint64) ([]byte, error) { return FingerprintPNG(seed, LeftIndex) }
	tests := []struct {
		name string
		make func(seed uint64) ([]byte, error)
	}{
		{"photo", Photo},
		{"fingerprint", finger},
		{"signature", SignaturePNG},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a1, err := tt.make(1)
			if err != nil {
				t.Fatal(err)
			}
			a2, _ := tt.make(1)
			b, _ := tt.make(2)
			if !bytes.Equal(a1, a2) {
				t.Error("same seed gave different bytes")
			}
			if bytes.Equal(a1, b) {
				t.Error("seeds 1 and 2 gave identical bytes")
			}
		})
	}
}

func TestImagesDecodeWithExpectedFormat(t *testing.T) {
	photo, err := Photo(42)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := SignaturePNG(42)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := FingerprintPNG(42, RightThumb)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		data          []byte
		decode        func([]byte) (image.Image, error)
		width, height int
		gray          bool
	}{
		{"photo", photo, decodeWith(jpeg.Decode), PhotoWidth, PhotoHeight, false},
		{"fingerprint", fp, decodeWith(png.Decode), FingerprintWidth, FingerprintHeight, true},
		{"signature", sig, decodeWith(png.Decode), SignatureWidth, SignatureHeight, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := tt.decode(tt.data)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if b := img.Bounds(); b.Dx() != tt.width || b.Dy() != tt.height {
				t.Errorf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), tt.width, tt.height)
			}
			if _, isGray := img.(*image.Gray); isGray != tt.gray {
				t.Errorf("decoded as %T, want grayscale=%v", img, tt.gray)
			}
			if lo, hi := lumaRange(img); hi-lo < 100 {
				t.Errorf("luma range %d..%d: image is nearly blank", lo, hi)
			}
		})
	}
}

func TestPhotoJPEGSizeIsChipLike(t *testing.T) {
	for seed := range uint64(20) {
		b, err := Photo(seed)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) < 8<<10 || len(b) > 40<<10 {
			t.Errorf("seed %d: %d bytes, want 8–40 KiB", seed, len(b))
		}
	}
}

func TestFingerprintsDifferPerFinger(t *testing.T) {
	set, err := Fingerprints(9)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]Finger{}
	for i, b := range set {
		if prev, dup := seen[string(b)]; dup {
			t.Errorf("%s and %s are identical", prev, Fingers[i])
		}
		seen[string(b)] = Fingers[i]
	}
}

func TestFingerprintRejectsInvalidFinger(t *testing.T) {
	for _, f := range []Finger{0, 11, -1} {
		if _, err := FingerprintPNG(1, f); err == nil {
			t.Errorf("finger %d: no error", int(f))
		}
	}
}

func decodeWith(dec func(io.Reader) (image.Image, error)) func([]byte) (image.Image, error) {
	return func(b []byte) (image.Image, error) { return dec(bytes.NewReader(b)) }
}

// lumaRange returns the darkest and lightest 8-bit luma in img.
func lumaRange(img image.Image) (lo, hi uint8) {
	lo = 255
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := uint8((299*r + 587*g + 114*bl) / 1000 >> 8)
			lo, hi = min(lo, l), max(hi, l)
		}
	}
	return lo, hi
}
