package capture

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
)

// Fingerprint limits: a plain impression at 500 dpi (ISO/IEC 19794-4) is
// at least about 0.64 × 0.8 inch.
const (
	FingerprintMinWidth  = 320
	FingerprintMinHeight = 400
	FingerprintMaxWidth  = 1600
	FingerprintMaxHeight = 1600
	// FingerprintMinInk and FingerprintMaxInk bound the share of dark
	// pixels: below, nothing was pressed; above, the finger was smeared
	// or the scanner window is dirty.
	FingerprintMinInk = 0.05
	FingerprintMaxInk = 0.85
)

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// CheckFingerprint accepts a fingerprint capture: an 8-bit grayscale PNG
// of at least 320×400 pixels with a plausible amount of ridge ink.
func CheckFingerprint(data []byte) error {
	if !bytes.HasPrefix(data, pngMagic) {
		return refuse(ProblemFormat, "fingerprint is not a PNG file", "ảnh vân tay không phải định dạng PNG")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return refuse(ProblemFormat, "fingerprint PNG header is unreadable: "+err.Error(), "không đọc được tệp ảnh vân tay PNG")
	}
	if cfg.ColorModel != color.GrayModel {
		return refuse(ProblemColor, "fingerprint must be an 8-bit grayscale image", "ảnh vân tay phải là ảnh xám 8 bit")
	}
	if w, h := cfg.Width, cfg.Height; w < FingerprintMinWidth || h < FingerprintMinHeight || w > FingerprintMaxWidth || h > FingerprintMaxHeight {
		return refuse(ProblemResolution,
			fmt.Sprintf("fingerprint is %d×%d pixels; it must be from %d×%d to %d×%d (500 dpi)", w, h, FingerprintMinWidth, FingerprintMinHeight, FingerprintMaxWidth, FingerprintMaxHeight),
			fmt.Sprintf("ảnh vân tay có kích thước %d×%d điểm ảnh; yêu cầu từ %d×%d đến %d×%d (500 dpi)", w, h, FingerprintMinWidth, FingerprintMinHeight, FingerprintMaxWidth, FingerprintMaxHeight))
	}
	img, _, err := Decode(data, "fingerprint", Limits{FingerprintMaxWidth, FingerprintMaxHeight})
	if err != nil {
		return err
	}
	gray, ok := img.(*image.Gray)
	if !ok {
		return refuse(ProblemColor, "fingerprint must be an 8-bit grayscale image", "ảnh vân tay phải là ảnh xám 8 bit")
	}
	return checkInk(gray)
}

func checkInk(img *image.Gray) error {
	if lumaSpread(img) < minSpread {
		return refuse(ProblemBlank, "fingerprint is blank or uniform: no ridges captured", "ảnh vân tay trống: không thu được đường vân")
	}
	dark := 0
	for _, p := range img.Pix {
		if p < 128 {
			dark++
		}
	}
	if ink := float64(dark) / float64(len(img.Pix)); ink < FingerprintMinInk || ink > FingerprintMaxInk {
		return refuse(ProblemBlank,
			fmt.Sprintf("fingerprint has %.0f%% dark pixels; it must be %.0f–%.0f%%", ink*100, FingerprintMinInk*100, FingerprintMaxInk*100),
			fmt.Sprintf("ảnh vân tay có %.0f%% điểm tối; yêu cầu %.0f–%.0f%%", ink*100, FingerprintMinInk*100, FingerprintMaxInk*100))
	}
	return nil
}
