package cli

import (
	"regexp"
	"strings"
	"testing"
)

// `dancu bench dedupe` reports precision and recall for each error class
// of the generator's duplicates (and their combinations with a typo), and
// for each of the evaluation set's perturbations.
func TestBenchDedupeReportsEachErrorClass(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	out := mustRun(t, "bench", "dedupe", "--people", "3000", "--dir", dir)
	row := func(class string) *regexp.Regexp {
		return regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(class) + ` +(\d+)  [01]\.\d{4} / [01]\.\d{4}  [01]\.\d{4} / [01]\.\d{4}$`)
	}
	for _, class := range []string{"dropmiddle", "yearonly", "swapdm", "typo", "spelling", "yearoff", "idtypo",
		"typo+dropmiddle", "typo+yearonly", "keytypo", "surnameabbrev", "yearslip"} {
		m := row(class).FindStringSubmatch(out)
		if m == nil {
			t.Errorf("no figures for class %q in:\n%s", class, out)
			continue
		}
		if m[1] == "0" && !strings.Contains(class, "+") {
			t.Errorf("class %q has no true pairs", class)
		}
	}
}
