package testtool

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// memLimitEnv carries, into the re-executed test binary, the name of the
// test that must run its body under the memory limit.
const memLimitEnv = "DANCU_TEST_UNDER_MEMORY_LIMIT"

// UnderMemoryLimit runs the calling test again in a child process of the
// same test binary whose address space is capped at limit bytes (prlimit
// --as), so that a test which makes the code under test allocate without
// bound fails, instead of taking the machine down. It returns true in the
// child, where the caller runs its body; in the parent it waits for the
// child, fails t with the child's output if the child failed or was killed,
// and returns false. Typical use:
//
//	if !testtool.UnderMemoryLimit(t, 1<<30) {
//		return
//	}
//	... the body, which runs in the child ...
//
// Call it first in a top-level test, before the test builds anything.
func UnderMemoryLimit(t *testing.T, limit int64) bool {
	t.Helper()
	if os.Getenv(memLimitEnv) == t.Name() {
		return true
	}
	prlimit := Need(t, "prlimit", "util-linux")
	cmd := exec.Command(prlimit, fmt.Sprintf("--as=%d", limit), os.Args[0],
		"-test.run=^"+regexp.QuoteMeta(t.Name())+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), memLimitEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("under a %d MiB address-space limit the test failed (%v):\n%s", limit>>20, err, summary(string(out)))
	}
	if !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("the child process did not run %s:\n%s", t.Name(), summary(string(out)))
	}
	return false
}

// summary keeps what says why a child failed: the lines naming a fatal
// error, a panic or a failed test, then the first lines of its output.
func summary(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	var why []string
	for _, l := range lines {
		if strings.Contains(l, "fatal error") || strings.Contains(l, "out of memory") ||
			strings.HasPrefix(l, "panic:") || strings.Contains(l, "--- FAIL") || strings.Contains(l, "_test.go:") {
			why = append(why, l)
		}
	}
	why = append(why[:min(len(why), 20)], "--- first lines of the child's output:")
	return strings.Join(append(why, lines[:min(len(lines), 30)]...), "\n")
}
