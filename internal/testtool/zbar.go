package testtool

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// ReadQR decodes the QR code in a PNG with zbarimg (Debian zbar-tools),
// skipping the test without it (failing under CI=true).
func ReadQR(tb testing.TB, png []byte) (string, error) {
	tb.Helper()
	file := filepath.Join(tb.TempDir(), "qr.png")
	if err := os.WriteFile(file, png, 0o600); err != nil {
		tb.Fatal(err)
	}
	return ReadQRFile(tb, file)
}

// scanned is zbarimg's closing line on stderr, which it prints unless -q.
var scanned = regexp.MustCompile(`scanned (\d+) barcode symbols`)

// ReadQRFile is ReadQR of a PNG file.
//
// zbarimg looks for every symbology by default, and its linear decoders
// find false barcodes in a dense QR code's modules: a version-36
// presentation once read back as the QR's text followed by a GS1 DataBar
// "0152677861938884" found in a column of modules, which --raw prints
// with no separator. So only the QR decoder is enabled, and a read of
// anything but exactly one symbol is an error rather than a concatenation.
// -Sbinary makes zbar return the symbol's bytes unchanged instead of
// guessing a charset, so UTF-8 text comes back byte for byte.
func ReadQRFile(tb testing.TB, file string) (string, error) {
	tb.Helper()
	zbar := Need(tb, "zbarimg", "apt-get install zbar-tools")
	cmd := exec.Command(zbar, "--nodbus", "--raw", "-Sdisable", "-Sqrcode.enable", "-Sbinary", file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("zbarimg: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	if m := scanned.FindSubmatch(stderr.Bytes()); m == nil || string(m[1]) != "1" {
		return "", fmt.Errorf("zbarimg read other than one QR code: %s", strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}
