package card

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"dancu/internal/testtool"
)

// TestQRPNGDecodesWithZbar renders payloads and reads them back with
// zbarimg (Debian package zbar-tools). -Sbinary makes zbar return the bytes
// of the symbol unchanged instead of guessing a charset, so the UTF-8
// Vietnamese text must come back byte for byte.
func TestQRPNGDecodesWithZbar(t *testing.T) {
	payloads := []string{
		specQR,
		"001201012345||Đặng Thị Thu Hương|1948|Nữ|Thôn Ẳng Cang, xã Mường Ảng, tỉnh Điện Biên|01072024",
		// Every Vietnamese vowel with every tone mark, upper and lower case.
		"079300000001||Ỳ Ỷ Ỹ Ỵ Ý ỳ ỷ ỹ ỵ ý ầ ẩ ẫ ậ ấ ằ ẳ ẵ ặ ắ ề ể ễ ệ ế ồ ổ ỗ ộ ố ờ ở ỡ ợ ớ ừ ử ữ ự ứ Đ đ|01011990|Nam|" +
			strings.Repeat("Số 123, đường Nguyễn Thị Minh Khai, phường Bến Nghé, ", 3) + "TP. Hồ Chí Minh|01012022",
	}
	for i, payload := range payloads {
		for _, size := range []int{300, 640} {
			img, err := QRPNG(payload, size)
			if err != nil {
				t.Fatalf("QRPNG(%d): %v", size, err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(img))
			if err != nil || cfg.Width != size || cfg.Height != size {
				t.Fatalf("PNG %dx%d (%v), want %dx%d", cfg.Width, cfg.Height, err, size, size)
			}
			got, err := testtool.ReadQR(t, img)
			if err != nil {
				t.Fatalf("payload %d, %d px: zbarimg: %v", i, size, err)
			}
			if got != payload {
				t.Errorf("payload %d, %d px: zbarimg read\n%q\nwant\n%q", i, size, got, payload)
			}
		}
	}
}

func TestQRPNGTooSmall(t *testing.T) {
	if _, err := QRPNG(specQR, 40); err == nil {
		t.Error("QRPNG(40 px) succeeded, want an error")
	}
}
