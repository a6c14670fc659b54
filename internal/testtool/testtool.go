// Package testtool finds the third-party programs that tests check our
// artifacts with (openssl, zbarimg, pdftotext, node, chromium). Without
// one, a test is skipped on a laptop; under CI=true, which .ci/run sets, it
// fails, so that a broken CI image cannot pass by skipping.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Need returns the path of program name; hint says how to install it.
func Need(tb testing.TB, name, hint string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missing(tb, name+" not found ("+hint+")")
	}
	return path
}

// NeedPath requires a file or folder, such as an npm package's
// node_modules.
func NeedPath(tb testing.TB, path, hint string) {
	tb.Helper()
	if _, err := os.Stat(path); err != nil {
		missing(tb, path+" missing ("+hint+")")
	}
}

func missing(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("CI=true and %s", why)
	}
	tb.Skip(why)
}
