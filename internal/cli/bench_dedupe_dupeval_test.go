package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dancu/internal/synth/dupeval"
)

// dupevalSection returns the lines of the bench's dupeval report, from its
// heading to its time line.
func dupevalSection(t *testing.T, out string) []string {
	t.Helper()
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "bench dedupe independent set (dupeval") {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], "  time ") {
				return lines[i : j+1]
			}
		}
		t.Fatalf("dupeval report has no time line:\n%s", strings.Join(lines[i:], "\n"))
	}
	t.Fatalf("no dupeval report in the output:\n%s", out)
	return nil
}

// lineWith returns the one line of sec that starts with prefix.
func lineWith(t *testing.T, sec []string, prefix string) string {
	t.Helper()
	var found []string
	for _, l := range sec {
		if strings.HasPrefix(l, prefix) {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one line starting %q, found %d in:\n%s", prefix, len(found), strings.Join(sec, "\n"))
	}
	return found[0]
}

// unitFigure reads the figure after prefix and checks it is a share.
func unitFigure(t *testing.T, line, prefix string) float64 {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `\s+([0-9.]+)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("no figure after %q in %q", prefix, line)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil || v < 0 || v > 1 {
		t.Fatalf("%q: figure %q is not in [0,1] (%v)", line, m[1], err)
	}
	return v
}

// TestBenchDedupeScoresTheIndependentDupevalSet runs `dancu bench dedupe`
// with a small dupeval set end to end (generate, import into SQLite, full
// duplicate run, score) and checks the report: every figure, every hard
// negative kind and every error class on a line of its own, figures
// within [0,1], and the matcher's pairs named by the set's record_refs.
// Quality itself is measured by the bench, not asserted here.
func TestBenchDedupeScoresTheIndependentDupevalSet(t *testing.T) {
	dir := t.TempDir()
	out := mustRun(t, "bench", "dedupe", "--people", "300", "--dupeval-people", "1500", "--dir", dir)
	sec := dupevalSection(t, out)

	head := regexp.MustCompile(`seed (\d+), 1500 people.*: (\d+) true pairs, (\d+) records`).FindStringSubmatch(sec[0])
	if head == nil {
		t.Fatalf("heading: %q", sec[0])
	}
	if head[1] != strconv.Itoa(dupevalSeed) {
		t.Errorf("heading names seed %s, the bench uses %d", head[1], dupevalSeed)
	}
	truePairs, _ := strconv.Atoi(head[2])
	if truePairs == 0 {
		t.Fatalf("no true pairs: %q", sec[0])
	}
	// The pairs scored are those of the truth file the bench wrote.
	fh, err := os.Open(filepath.Join(dir, "dupeval-truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	pairs, negatives, err := dupeval.ReadTruth(fh)
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != truePairs {
		t.Errorf("report counts %d true pairs, the truth file lists %d", truePairs, len(pairs))
	}
	// Every form reaches the register as a citizen, none as a conflict.
	imp := lineWith(t, sec, "  import: ")
	if !strings.Contains(imp, " 0 conflicts") || !strings.Contains(imp, " 0 invalid") {
		t.Errorf("import: %q", imp)
	}
	if strings.Contains(strings.Join(sec, "\n"), "name a record the set does not hold") {
		t.Errorf("the matcher's pairs are not named by the set's record_refs:\n%s", strings.Join(sec, "\n"))
	}

	unitFigure(t, lineWith(t, sec, "  match precision "), "match precision")
	recall := lineWith(t, sec, "  match recall ")
	unitFigure(t, recall, "match recall")
	unitFigure(t, lineWith(t, sec, "  match + review recall "), "match + review recall")
	// Structure, not quality: the refs map to the set, so a proposed
	// match is counted as such (0 of N would mean a broken mapping).
	if m := regexp.MustCompile(`\[(\d+) of (\d+) true pairs\]`).FindStringSubmatch(recall); m == nil || m[2] != head[2] || m[1] == "0" {
		t.Errorf("match recall line: %q", recall)
	}
	for _, target := range []string{"target ≥ 0.995", "target ≥ 0.90", "target ≥ 0.98"} {
		if !strings.Contains(strings.Join(sec, "\n"), target) {
			t.Errorf("report does not state the target %q", target)
		}
	}

	kindPairs := map[dupeval.Kind]int{}
	for _, n := range negatives {
		kindPairs[n.Kind]++
	}
	for _, k := range []dupeval.Kind{dupeval.Twin, dupeval.Namesake, dupeval.FatherSon, dupeval.Sibling} {
		l := lineWith(t, sec, "    "+string(k)+" ")
		m := regexp.MustCompile(`(\d+) pairs\s+(\d+) as match\s+(\d+) to review`).FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("negative line: %q", l)
		}
		n, _ := strconv.Atoi(m[1])
		match, _ := strconv.Atoi(m[2])
		review, _ := strconv.Atoi(m[3])
		if n != kindPairs[k] || match+review > n {
			t.Errorf("%s: %q, truth file lists %d", k, l, kindPairs[k])
		}
	}

	classRe := regexp.MustCompile(`^\s+(\S+)\s+(\d+)\s+([0-9.]+|-)\s+([0-9.]+|-)$`)
	for _, c := range dupeval.ClassTable {
		l := lineWith(t, sec, "    "+string(c.Class)+" ")
		m := classRe.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("class line: %q", l)
		}
		n, _ := strconv.Atoi(m[2])
		if n == 0 {
			if m[3] != "-" || m[4] != "-" {
				t.Errorf("class without pairs shows figures: %q", l)
			}
			continue
		}
		match, err1 := strconv.ParseFloat(m[3], 64)
		flagged, err2 := strconv.ParseFloat(m[4], 64)
		if err1 != nil || err2 != nil || match < 0 || flagged > 1 || match > flagged {
			t.Errorf("class line %q: match %v, match+review %v", l, m[3], m[4])
		}
	}
}

// TestBenchDedupeDupevalPeopleFlag: 0 leaves the dupeval set out, a
// negative or oversized count is refused before any work.
func TestBenchDedupeDupevalPeopleFlag(t *testing.T) {
	for _, bad := range []string{"-1", strconv.Itoa(dupeval.MaxPeople + 1)} {
		_, errOut, code := run(t, "bench", "dedupe", "--people", "300", "--dupeval-people", bad, "--dir", t.TempDir())
		if code == 0 || !strings.Contains(errOut, "--dupeval-people") {
			t.Errorf("--dupeval-people %s: exit %d, %s", bad, code, errOut)
		}
	}
	dir := t.TempDir()
	out := mustRun(t, "bench", "dedupe", "--people", "300", "--dupeval-people", "0", "--dir", dir)
	if strings.Contains(out, "dupeval") {
		t.Errorf("--dupeval-people 0 still ran the dupeval set:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "dupeval.csv")); err == nil {
		t.Error("--dupeval-people 0 wrote the dupeval set")
	}
}
