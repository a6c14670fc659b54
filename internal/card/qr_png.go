package card

import (
	"bytes"
	"fmt"
	"io"

	qrcode "github.com/yeqown/go-qrcode/v2"
	"github.com/yeqown/go-qrcode/writer/standard"
)

// qrQuietModules is the quiet zone ISO/IEC 18004 requires around a symbol.
const qrQuietModules = 4

// QRPNG renders payload as a square PNG of exactly sizePx pixels: whole
// pixels per module (so edges stay sharp for scanners), the symbol centred
// with at least the 4-module quiet zone. Text is encoded as UTF-8 bytes in
// byte mode; error correction is level M, a common choice for printed IDs.
func QRPNG(payload string, sizePx int) ([]byte, error) {
	code, err := qrcode.NewWith(payload,
		qrcode.WithEncodingMode(qrcode.EncModeByte),
		qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, fmt.Errorf("encode QR: %w", err)
	}
	modules := code.Dimension()
	module := sizePx / (modules + 2*qrQuietModules)
	if module < 1 {
		return nil, fmt.Errorf("QR PNG: %d px is too small for %d modules plus quiet zone", sizePx, modules)
	}
	if module > 255 { // the writer takes the module width as a uint8
		module = 255
	}
	lead := (sizePx - modules*module) / 2
	trail := sizePx - modules*module - lead
	var buf bytes.Buffer
	w := standard.NewWithWriter(nopCloser{&buf},
		standard.WithBuiltinImageEncoder(standard.PNG_FORMAT),
		standard.WithQRWidth(uint8(module)),
		standard.WithBorderWidth(lead, trail, trail, lead))
	if err := code.Save(w); err != nil {
		return nil, fmt.Errorf("render QR PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// nopCloser lets the writer, which closes its sink, write into a buffer.
type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
