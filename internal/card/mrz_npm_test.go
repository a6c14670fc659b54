package card

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/testtool"
)

// TestMRZAgainstNPM checks built MRZs with an independent implementation,
// the npm package mrz (testdata/mrzcheck; run `npm ci` there first).
func TestMRZAgainstNPM(t *testing.T) {
	node := testtool.Need(t, "node", "apt-get install nodejs")
	dir := filepath.Join("testdata", "mrzcheck")
	testtool.NeedPath(t, filepath.Join(dir, "node_modules", "mrz"), "run `npm ci` in "+dir)

	var mrzs []MRZ
	spec, _ := BuildMRZ(specCard())
	mrzs = append(mrzs, spec)
	r := rand.New(rand.NewPCG(3, 4))
	for len(mrzs) < 48 {
		m, err := BuildMRZ(randomCard(r))
		if err != nil {
			t.Fatal(err)
		}
		mrzs = append(mrzs, m)
	}
	// A negative control: the checker must notice a wrong ID check digit.
	bad := spec
	bad[0] = bad[0][:29] + "0"

	results := runMRZCheck(t, node, dir, append(mrzs, bad))
	for i, m := range mrzs {
		if !results[i].Valid {
			t.Errorf("npm mrz rejects\n%s\n%v", m, results[i].Invalid)
		}
	}
	if last := results[len(results)-1]; last.Valid {
		t.Errorf("npm mrz check accepted a wrong ID check digit:\n%s", bad)
	}
}

type mrzCheckResult struct {
	Valid   bool     `json:"valid"`
	Invalid []string `json:"invalid"`
}

func runMRZCheck(t *testing.T, node, dir string, mrzs []MRZ) []mrzCheckResult {
	t.Helper()
	var in strings.Builder
	for _, m := range mrzs {
		in.WriteString(m.String() + "\n\n")
	}
	cmd := exec.Command(node, "check.js")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node check.js: %v", err)
	}
	var results []mrzCheckResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var res mrzCheckResult
		if err := json.Unmarshal(sc.Bytes(), &res); err != nil {
			t.Fatalf("check.js output %q: %v", sc.Text(), err)
		}
		results = append(results, res)
	}
	if len(results) != len(mrzs) {
		t.Fatalf("check.js returned %d results for %d MRZs", len(results), len(mrzs))
	}
	return results
}
