package testtool_test

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"testing"

	"dancu/internal/qrimage"
	"dancu/internal/testtool"
)

// TestReadQRWantsOneSymbol reads one QR code back, and refuses an image
// holding two instead of returning their texts run together, as zbarimg
// --raw prints them.
func TestReadQRWantsOneSymbol(t *testing.T) {
	one, err := qrimage.PNG("079300000001|Nguyễn Văn An", 200, qrimage.LevelM)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := testtool.ReadQR(t, one); err != nil || got != "079300000001|Nguyễn Văn An" {
		t.Fatalf("one symbol: %q, %v", got, err)
	}
	two, err := qrimage.PNG("079300000002|Trần Thị Bình", 200, qrimage.LevelM)
	if err != nil {
		t.Fatal(err)
	}
	both := image.NewGray(image.Rect(0, 0, 400, 200))
	draw.Draw(both, both.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	for i, b := range [][]byte{one, two} {
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		draw.Draw(both, img.Bounds().Add(image.Pt(200*i, 0)), img, image.Point{}, draw.Src)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, both); err != nil {
		t.Fatal(err)
	}
	if got, err := testtool.ReadQR(t, buf.Bytes()); err == nil || !strings.Contains(err.Error(), "scanned 2 barcode symbols") {
		t.Errorf("two symbols: %q, %v, want an error that counts them", got, err)
	}
}
