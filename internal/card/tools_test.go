package card

import (
	"os"
	"os/exec"
	"testing"
)

// needTool returns the path of an external program a test needs. Without
// it the test is skipped, except under CI=true, where a missing tool fails
// the run so that a broken CI image cannot pass silently.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missing(t, name+" not found in PATH")
	}
	return path
}

// needPath is needTool for a file or directory, such as node_modules.
func needPath(t *testing.T, path, hint string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		missing(t, path+" missing ("+hint+")")
	}
}

func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and %s", why)
	}
	t.Skip(why)
}
