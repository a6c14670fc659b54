package capture

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"

	"dancu/internal/synthbio"
)

func TestCheckPhoto(t *testing.T) {
	good, err := synthbio.Photo(1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want Problem // "" = accepted
	}{
		{"synthetic portrait", good, ""},
		{"synthetic portrait scaled to the minimum", encodeJPEG(t, scaled(synthbio.PhotoImage(2), 300, 400)), ""},
		{"empty", nil, ProblemFileSize},
		{"over 2 MiB", append(append([]byte{}, jpegMagic...), make([]byte, 2<<20)...), ProblemFileSize},
		{"PNG instead of JPEG", encodePNG(t, synthbio.PhotoImage(3)), ProblemFormat},
		{"JPEG magic then garbage", append(append([]byte{}, jpegMagic...), make([]byte, 8<<10)...), ProblemFormat},
		{"truncated JPEG", good[:len(good)/2], ProblemFormat},
		{"too small", encodeJPEG(t, noise(240, 320, 128, 60)), ProblemResolution},
		{"square", encodeJPEG(t, noise(600, 600, 128, 60)), ProblemAspect},
		{"landscape", encodeJPEG(t, noise(640, 480, 128, 60)), ProblemAspect},
		{"uniform grey with sensor noise", encodeJPEG(t, noise(480, 640, 128, 3)), ProblemBlank},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblem(t, CheckPhoto(tt.data), tt.want)
		})
	}
}

func TestCheckFingerprint(t *testing.T) {
	good, err := synthbio.FingerprintPNG(1, synthbio.RightIndex)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want Problem
	}{
		{"synthetic fingerprint", good, ""},
		{"JPEG", encodeJPEG(t, synthbio.FingerprintImage(1, synthbio.RightIndex)), ProblemFormat},
		{"truncated PNG", good[:len(good)/2], ProblemFormat},
		{"colour PNG", encodePNG(t, rgba(synthbio.FingerprintImage(1, synthbio.RightIndex))), ProblemColor},
		{"16-bit grayscale", encodePNG(t, gray16(synthbio.FingerprintImage(1, synthbio.RightIndex))), ProblemColor},
		{"too small", encodePNG(t, noise(200, 250, 128, 60)), ProblemResolution},
		{"white", encodePNG(t, noise(400, 500, 250, 0)), ProblemBlank},
		{"black with noise", encodePNG(t, noise(400, 500, 20, 15)), ProblemBlank},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblem(t, CheckFingerprint(tt.data), tt.want)
		})
	}
}

func TestErrorCarriesBothLanguagesAndMatchesByProblem(t *testing.T) {
	err := CheckPhoto(nil)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T is not *capture.Error", err)
	}
	if e.Message == "" || e.MessageVI == "" || e.Message == e.MessageVI {
		t.Errorf("messages: en %q, vi %q", e.Message, e.MessageVI)
	}
	if !errors.Is(err, &Error{Problem: ProblemFileSize}) || errors.Is(err, &Error{Problem: ProblemBlank}) {
		t.Error("errors.Is does not match by problem")
	}
}

func assertProblem(t *testing.T, err error, want Problem) {
	t.Helper()
	if got := ProblemOf(err); got != want || (want == "") != (err == nil) {
		t.Errorf("got problem %q (err %v), want %q", got, err, want)
	}
}

// noise is a grey image of the given mean with uniform noise of ±spread.
func noise(w, h int, mean, spread uint8) *image.Gray {
	r := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = mean
		if spread > 0 {
			img.Pix[i] = uint8(int(mean) + r.IntN(2*int(spread)+1) - int(spread))
		}
	}
	return img
}

func scaled(src image.Image, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	sb := src.Bounds()
	for y := range h {
		for x := range w {
			dst.Set(x, y, src.At(x*sb.Dx()/w, y*sb.Dy()/h))
		}
	}
	return dst
}

func rgba(src *image.Gray) *image.RGBA {
	dst := image.NewRGBA(src.Bounds())
	for i, p := range src.Pix {
		dst.Pix[4*i], dst.Pix[4*i+1], dst.Pix[4*i+2], dst.Pix[4*i+3] = p, p, 0, 255
	}
	return dst
}

func gray16(src *image.Gray) *image.Gray16 {
	dst := image.NewGray16(src.Bounds())
	for i, p := range src.Pix {
		dst.SetGray16(i%src.Stride, i/src.Stride, color.Gray16{Y: uint16(p) * 257})
	}
	return dst
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The demo and tests feed synthbio captures through intake, so every seed
// and finger must pass.
func TestSyntheticCapturesPass(t *testing.T) {
	for seed := range uint64(10) {
		photo, err := synthbio.Photo(seed)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckPhoto(photo); err != nil {
			t.Errorf("seed %d photo: %v", seed, err)
		}
		set, err := synthbio.Fingerprints(seed)
		if err != nil {
			t.Fatal(err)
		}
		for i, fp := range set {
			if err := CheckFingerprint(fp); err != nil {
				t.Errorf("seed %d %s: %v", seed, synthbio.Fingers[i], err)
			}
		}
	}
}

func TestCheckSignature(t *testing.T) {
	good, err := synthbio.SignaturePNG(3)
	if err != nil {
		t.Fatal(err)
	}
	blank := encodePNG(t, image.NewGray(image.Rect(0, 0, 600, 200)))
	tiny := encodePNG(t, image.NewGray(image.Rect(0, 0, 50, 20)))
	tests := []struct {
		name string
		data []byte
		want Problem
	}{
		{"synthetic signature", good, ""},
		{"not a PNG", []byte("GIF89a"), ProblemFormat},
		{"too small", tiny, ProblemResolution},
		{"blank pad", blank, ProblemBlank},
	}
	for _, tt := range tests {
		if got := ProblemOf(CheckSignature(tt.data)); got != tt.want {
			t.Errorf("%s: problem %q, want %q", tt.name, got, tt.want)
		}
	}
}
