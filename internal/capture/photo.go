package capture

import (
	"bytes"
	"fmt"
	"image/jpeg"
)

// Portrait limits. 300×400 is the smallest image that still prints the
// card-face photo (about 20 × 27 mm) at 380 dpi; the byte bounds refuse
// empty uploads and camera originals that were never cropped.
const (
	PhotoMinWidth  = 300
	PhotoMinHeight = 400
	PhotoMaxWidth  = 3000
	PhotoMaxHeight = 4000
	PhotoMinBytes  = 4 << 10
	PhotoMaxBytes  = 2 << 20
	// PhotoAspect is the width/height of a 3:4 portrait, accepted within
	// PhotoAspectTolerance so a scanned 35 × 45 mm photo (0.778) passes.
	PhotoAspect          = 0.75
	PhotoAspectTolerance = 0.03
)

var jpegMagic = []byte{0xFF, 0xD8, 0xFF}

// CheckPhoto accepts a face photo for the register and the card: a JPEG
// of at least 300×400 pixels, 3:4 portrait, 4 KiB to 2 MiB, not uniform.
func CheckPhoto(data []byte) error {
	if n := len(data); n < PhotoMinBytes || n > PhotoMaxBytes {
		return refuse(ProblemFileSize,
			fmt.Sprintf("photo is %d bytes; it must be %d–%d bytes", n, PhotoMinBytes, PhotoMaxBytes),
			fmt.Sprintf("ảnh có dung lượng %d byte; yêu cầu từ %d đến %d byte", n, PhotoMinBytes, PhotoMaxBytes))
	}
	if !bytes.HasPrefix(data, jpegMagic) {
		return refuse(ProblemFormat, "photo is not a JPEG file", "ảnh không phải định dạng JPEG")
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return refuse(ProblemFormat, "photo JPEG header is unreadable: "+err.Error(), "không đọc được tệp ảnh JPEG")
	}
	if err := checkPhotoGeometry(cfg.Width, cfg.Height); err != nil {
		return err
	}
	img, _, err := Decode(data, "photo", Limits{PhotoMaxWidth, PhotoMaxHeight})
	if err != nil {
		return err
	}
	if lumaSpread(img) < minSpread {
		return refuse(ProblemBlank, "photo is blank or uniform: no face visible", "ảnh trống hoặc một màu: không thấy khuôn mặt")
	}
	return nil
}

func checkPhotoGeometry(w, h int) error {
	if w < PhotoMinWidth || h < PhotoMinHeight || w > PhotoMaxWidth || h > PhotoMaxHeight {
		return refuse(ProblemResolution,
			fmt.Sprintf("photo is %d×%d pixels; it must be from %d×%d to %d×%d", w, h, PhotoMinWidth, PhotoMinHeight, PhotoMaxWidth, PhotoMaxHeight),
			fmt.Sprintf("ảnh có kích thước %d×%d điểm ảnh; yêu cầu từ %d×%d đến %d×%d", w, h, PhotoMinWidth, PhotoMinHeight, PhotoMaxWidth, PhotoMaxHeight))
	}
	if a := float64(w) / float64(h); a < PhotoAspect-PhotoAspectTolerance || a > PhotoAspect+PhotoAspectTolerance {
		return refuse(ProblemAspect,
			fmt.Sprintf("photo is %d×%d (width/height %.2f); it must be a 3:4 portrait", w, h, a),
			fmt.Sprintf("ảnh %d×%d (tỷ lệ %.2f); yêu cầu ảnh chân dung tỷ lệ 3:4", w, h, a))
	}
	return nil
}
