package capture

import (
	"testing"

	"dancu/internal/testtool"
)

// bombMemoryLimit is the address space the bomb tests run in: ample for a
// test binary and the largest image any check accepts, far below the
// gigabytes to terabytes the bombs' headers ask for.
const bombMemoryLimit = 1 << 30

// TestImageBombsAreRefusedFromTheHeader protects every intake check from
// decompression bombs: a file of a few hundred bytes whose header claims a
// huge raster is refused by its size before the decoder allocates it. It
// runs in a child process under a memory limit, so a regression fails here
// instead of exhausting the machine.
func TestImageBombsAreRefusedFromTheHeader(t *testing.T) {
	if !testtool.UnderMemoryLimit(t, bombMemoryLimit) {
		return
	}
	pngBomb := testtool.PNGBomb(1_000_000, 1_000_000)
	if len(pngBomb) > 100 {
		t.Fatalf("the PNG bomb is %d bytes; it should be tiny", len(pngBomb))
	}
	jpegBomb := testtool.JPEGBomb(t, 65535, 65535)
	tests := []struct {
		name  string
		check func([]byte) error
		data  []byte
	}{
		{"signature PNG 1,000,000×1,000,000", CheckSignature, pngBomb},
		{"signature PNG 2,400×1,000,000", CheckSignature, testtool.PNGBomb(2400, 1_000_000)},
		{"fingerprint PNG 1,000,000×1,000,000", CheckFingerprint, pngBomb},
		{"photo JPEG 65,535×65,535", CheckPhoto, padTo(jpegBomb, PhotoMinBytes)},
		{"Decode PNG", decodeAsPhoto, pngBomb},
		{"Decode JPEG", decodeAsPhoto, jpegBomb},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblem(t, tt.check(tt.data), ProblemResolution)
		})
	}
}

func decodeAsPhoto(data []byte) error {
	_, _, err := Decode(data, "photo", Limits{PhotoMaxWidth, PhotoMaxHeight})
	return err
}

// padTo appends a comment segment so that data reaches n bytes, past the
// photo check's minimum file size.
func padTo(data []byte, n int) []byte {
	if len(data) >= n {
		return data
	}
	pad := n - len(data)
	out := append([]byte{}, data[:2]...) // SOI
	for pad > 0 {
		seg := min(pad, 65535)
		if seg < 4 {
			seg = 4
		}
		out = append(out, 0xFF, 0xFE, byte((seg-2)>>8), byte(seg-2))
		out = append(out, make([]byte, seg-4)...)
		pad -= seg
	}
	return append(out, data[2:]...)
}
