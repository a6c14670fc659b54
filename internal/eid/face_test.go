package eid

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/capture"
	"dancu/internal/testtool"
)

// samplePhoto is the photograph of one face that pigo ships as its test
// image (github.com/esimov/pigo v1.4.6 testdata/sample.jpg, MIT), read from
// the module cache, so no photograph of a person is copied here.
func samplePhoto(t *testing.T) image.Image {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/esimov/pigo").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pigo's module folder: %v", err)
		}
		t.Skip("pigo's module folder is not available")
	}
	b, err := os.ReadFile(filepath.Join(dir, "testdata", "sample.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// onCanvas draws img at scale 1/shrink on a grey canvas of w×h at (x, y).
func onCanvas(img image.Image, w, h, x, y, shrink int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), &image.Uniform{color.RGBA{128, 128, 128, 255}}, image.Point{}, draw.Src)
	b := img.Bounds()
	for yy := 0; yy < b.Dy()/shrink; yy++ {
		for xx := 0; xx < b.Dx()/shrink; xx++ {
			dst.Set(x+xx, y+yy, img.At(b.Min.X+xx*shrink, b.Min.Y+yy*shrink))
		}
	}
	return dst
}

// blurred is a box blur of radius r, enough to erase the edges of eyes and lips.
func blurred(img image.Image, r int) *image.RGBA {
	b := img.Bounds()
	dst := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			var sr, sg, sb, n uint32
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					p := image.Pt(x+dx, y+dy)
					if !p.In(b) {
						continue
					}
					cr, cg, cb, _ := img.At(p.X, p.Y).RGBA()
					sr, sg, sb, n = sr+cr, sg+cg, sb+cb, n+1
				}
			}
			dst.Set(x, y, color.RGBA64{uint16(sr / n), uint16(sg / n), uint16(sb / n), 0xffff})
		}
	}
	return dst
}

func TestCheckFace(t *testing.T) {
	face := samplePhoto(t)
	b := face.Bounds()
	blank := image.NewGray(image.Rect(0, 0, 400, 500))
	var pngBlank bytes.Buffer
	png.Encode(&pngBlank, blank)
	two := onCanvas(face, 2*b.Dx(), b.Dy(), 0, 0, 1)
	draw.Draw(two, b.Sub(b.Min).Add(image.Pt(b.Dx(), 0)), face, b.Min, draw.Src)
	tests := []struct {
		name   string
		photo  []byte
		reason string
	}{
		{"one sharp face", encodeJPEG(t, face), ""},
		{"no face", pngBlank.Bytes(), FaceNone},
		{"two faces", encodeJPEG(t, two), FaceSeveral},
		{"face too small", encodeJPEG(t, onCanvas(face, 1200, 1500, 500, 600, 1)), FaceTooSmall},
		{"blurred face", encodeJPEG(t, blurred(face, 4)), FaceBlurred},
		{"not an image", []byte("hello"), string(capture.ProblemFormat)},
		{"a header claiming a terapixel", testtool.PNGBomb(1_000_000, 1_000_000), string(capture.ProblemResolution)},
		{"empty", nil, string(capture.ProblemFileSize)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckFace(tc.photo)
			if tc.reason == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var fe *FaceError
			got := ""
			if errors.As(err, &fe) {
				got = fe.Reason
			} else {
				got = string(capture.ProblemOf(err))
			}
			if got != tc.reason {
				t.Fatalf("got %q (%v), want %q", got, err, tc.reason)
			}
		})
	}
}
