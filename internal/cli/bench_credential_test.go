package cli

import (
	"strings"
	"testing"
)

// `dancu bench credential` prints issue and verify rates next to the raw
// ES256 reference measured in the same run.
func TestBenchCredentialPrintsFiguresAndReference(t *testing.T) {
	out := mustRun(t, "bench", "credential", "--citizens", "5")
	for _, want := range []string{"bench credential issue", "17 disclosable claims", "bench credential verify",
		"bench credential offline check", "bench credential reference ES256"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}
