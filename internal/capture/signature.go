package capture

import (
	"bytes"
	"fmt"
	"image/png"
)

// Signature limits: the signature pad's image, wide rather than tall.
const (
	SignatureMinWidth  = 200
	SignatureMinHeight = 60
	SignatureMaxWidth  = 2400
	SignatureMaxHeight = 1200
)

// CheckSignature accepts a signature capture: a PNG of a plausible size
// that is not blank.
func CheckSignature(data []byte) error {
	if !bytes.HasPrefix(data, pngMagic) {
		return refuse(ProblemFormat, "signature is not a PNG file", "ảnh chữ ký không phải định dạng PNG")
	}
	// The size comes from the header, before decoding: the decoder
	// allocates the raster the header declares (see MaxPixels).
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return refuse(ProblemFormat, "signature PNG header is unreadable: "+err.Error(), "không đọc được tệp ảnh chữ ký PNG")
	}
	if w, h := cfg.Width, cfg.Height; w < SignatureMinWidth || h < SignatureMinHeight || w > SignatureMaxWidth || h > SignatureMaxHeight {
		return refuse(ProblemResolution,
			fmt.Sprintf("signature is %d×%d pixels; it must be from %d×%d to %d×%d", w, h, SignatureMinWidth, SignatureMinHeight, SignatureMaxWidth, SignatureMaxHeight),
			fmt.Sprintf("ảnh chữ ký có kích thước %d×%d điểm ảnh; yêu cầu từ %d×%d đến %d×%d", w, h, SignatureMinWidth, SignatureMinHeight, SignatureMaxWidth, SignatureMaxHeight))
	}
	img, _, err := Decode(data, "signature", Limits{SignatureMaxWidth, SignatureMaxHeight})
	if err != nil {
		return err
	}
	if lumaSpread(img) < minSpread {
		return refuse(ProblemBlank, "signature is blank: nothing was signed", "ảnh chữ ký trống: chưa ký")
	}
	return nil
}
