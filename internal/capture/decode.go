package capture

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // photos are JPEG
	_ "image/png"  // prints and signatures are PNG
)

// MaxPixels caps every image this system decodes, whatever its kind: the
// largest portrait the photo check accepts. A decoder allocates the whole
// raster the header declares before it reads a single pixel, so a 74-byte
// PNG claiming 1,000,000 × 1,000,000 pixels asks for a terabyte. Header
// dimensions are therefore checked against this cap (and the kind's own
// limits) before any image is decoded.
const MaxPixels = PhotoMaxWidth * PhotoMaxHeight

// Limits are the largest width and height one kind of image may have.
type Limits struct {
	MaxWidth, MaxHeight int
}

// header reads only the header of data (a format registered with package
// image: JPEG or PNG here) and refuses an image wider or taller than lim,
// or with more than MaxPixels pixels, before anything is allocated for its
// raster. what names the image in the refusal ("photo", "signature").
func header(data []byte, what string, lim Limits) (image.Config, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return cfg, format, refuse(ProblemFormat, what+" header is unreadable: "+err.Error(), "không đọc được tệp ảnh ("+what+")")
	}
	w, h := cfg.Width, cfg.Height
	if w <= 0 || h <= 0 || w > lim.MaxWidth || h > lim.MaxHeight || int64(w)*int64(h) > MaxPixels {
		return cfg, format, refuse(ProblemResolution,
			fmt.Sprintf("%s is %d×%d pixels; it may be at most %d×%d", what, w, h, lim.MaxWidth, lim.MaxHeight),
			fmt.Sprintf("ảnh (%s) có kích thước %d×%d điểm ảnh; tối đa %d×%d", what, w, h, lim.MaxWidth, lim.MaxHeight))
	}
	return cfg, format, nil
}

// Decode decodes data only once its header has passed header, so no input
// can make the decoder allocate more than lim (and MaxPixels) allow. It
// returns the image and its format name ("jpeg", "png").
func Decode(data []byte, what string, lim Limits) (image.Image, string, error) {
	if _, _, err := header(data, what, lim); err != nil {
		return nil, "", err
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", refuse(ProblemFormat, what+" image data is corrupt: "+err.Error(), "dữ liệu ảnh ("+what+") bị hỏng")
	}
	return img, format, nil
}
