package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ReadQR decodes the QR code in a PNG with zbarimg (Debian zbar-tools),
// skipping the test without it (failing under CI=true). -Sbinary makes
// zbar return the symbol's bytes unchanged instead of guessing a charset,
// so UTF-8 text comes back byte for byte; its D-Bus noise on stderr is
// not the data.
func ReadQR(tb testing.TB, png []byte) (string, error) {
	tb.Helper()
	zbar := Need(tb, "zbarimg", "apt-get install zbar-tools")
	file := filepath.Join(tb.TempDir(), "qr.png")
	if err := os.WriteFile(file, png, 0o600); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(zbar, "--raw", "-q", "-Sbinary", file).Output()
	return strings.TrimSuffix(string(out), "\n"), err
}
