package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/testtool"
)

// oaslint holds the pinned linters (package.json, package-lock.json; .ci/run
// installs them with npm ci), their configuration, and broken.json, a
// negative control whose example contradicts its schema.
var oaslint = filepath.Join("testdata", "oaslint")

// lintProblem is one error a linter reported, in either tool's terms.
type lintProblem struct {
	file, rule, where, message string
}

func (p lintProblem) String() string {
	return fmt.Sprintf("%s: %s at %s: %s", filepath.Base(p.file), p.rule, p.where, p.message)
}

// TestOpenAPIPassesSpectralAndRedocly lints openapi.json with Spectral
// (spectral:oas) and Redocly (recommended): neither may report an error,
// and both check every example against its schema as an error. Each tool
// also lints broken.json and must catch its bad example, so a linter that
// silently checks nothing cannot pass.
func TestOpenAPIPassesSpectralAndRedocly(t *testing.T) {
	node := testtool.Need(t, "node", "apt-get install nodejs")
	hint := "run `npm ci --prefix " + filepath.ToSlash(oaslint) + "`"
	for _, bin := range []string{"spectral", "redocly"} {
		testtool.NeedPath(t, filepath.Join(oaslint, "node_modules", ".bin", bin), hint)
	}
	docs := []string{filepath.Join("..", "..", "openapi.json"), "broken.json"}
	for _, tool := range []struct {
		name string
		run  func(t *testing.T, node string, docs []string) []lintProblem
	}{{"spectral", spectralErrors}, {"redocly", redoclyErrors}} {
		t.Run(tool.name, func(t *testing.T) {
			var control bool
			for _, p := range tool.run(t, node, docs) {
				if filepath.Base(p.file) == "broken.json" {
					control = control || strings.Contains(p.where, "example")
					continue
				}
				t.Error(p)
			}
			if !control {
				t.Errorf("%s reported no error on broken.json's invalid example: is it checking examples at all?", tool.name)
			}
		})
	}
}

// runLinter runs a linter's bin script from oaslint and returns its
// standard output. Both tools exit non-zero when they find an error, so
// the exit status is not a failure by itself; no output is.
func runLinter(t *testing.T, node, bin string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(node, append([]string{filepath.Join("node_modules", ".bin", bin)}, args...)...)
	cmd.Dir = oaslint
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s: %v", bin, err)
	}
	if stdout.Len() == 0 {
		t.Fatalf("%s printed no report (%v):\n%s", bin, err, stderr.String())
	}
	return stdout.Bytes()
}

func spectralErrors(t *testing.T, node string, docs []string) []lintProblem {
	out := runLinter(t, node, "spectral", append([]string{"lint", "--ruleset", ".spectral.yaml", "--format", "json", "--quiet"}, docs...)...)
	var results []struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		Path     []any  `json:"path"`
		Severity int    `json:"severity"` // 0 error, 1 warning, 2 info, 3 hint
		Source   string `json:"source"`
	}
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("spectral output is not its JSON report: %v\n%s", err, out)
	}
	var errs []lintProblem
	for _, r := range results {
		if r.Severity == 0 {
			path := make([]string, len(r.Path))
			for i, seg := range r.Path {
				path[i] = fmt.Sprint(seg)
			}
			errs = append(errs, lintProblem{r.Source, r.Code, strings.Join(path, "."), r.Message})
		}
	}
	return errs
}

func redoclyErrors(t *testing.T, node string, docs []string) []lintProblem {
	out := runLinter(t, node, "redocly", append([]string{"lint", "--config", "redocly.yaml", "--format", "json"}, docs...)...)
	// One JSON report per document, one after the other.
	dec := json.NewDecoder(bytes.NewReader(out))
	var errs []lintProblem
	reports := 0
	for {
		var report struct {
			Problems []struct {
				RuleID   string `json:"ruleId"`
				Severity string `json:"severity"`
				Message  string `json:"message"`
				Location []struct {
					Source struct {
						Ref string `json:"ref"`
					} `json:"source"`
					Pointer string `json:"pointer"`
				} `json:"location"`
			} `json:"problems"`
		}
		if err := dec.Decode(&report); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("redocly output is not its JSON report: %v\n%s", err, out)
		}
		reports++
		for _, p := range report.Problems {
			if p.Severity != "error" {
				continue
			}
			var file, where string
			if len(p.Location) > 0 {
				file, where = p.Location[0].Source.Ref, p.Location[0].Pointer
			}
			errs = append(errs, lintProblem{file, p.RuleID, where, p.Message})
		}
	}
	if reports != len(docs) {
		t.Fatalf("redocly reported on %d documents, want %d:\n%s", reports, len(docs), out)
	}
	return errs
}
