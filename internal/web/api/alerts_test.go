package api

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"dancu/internal/pgtest"
	"dancu/internal/sqlstore"
	"dancu/internal/testtool"
	"dancu/internal/wire"
)

const alertRulesFile = "../../../docs/prometheus/dancu-alerts.yml"

type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert  string            `yaml:"alert"`
			Expr   string            `yaml:"expr"`
			Labels map[string]string `yaml:"labels"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// metricName matches the metric names of the exporters an expression may
// use: dancu's own and the Go client's runtime and process collectors.
var metricName = regexp.MustCompile(`\b(?:dancu|go|process)_[a-zA-Z0-9_]+\b`)

// TestAlertRulesNameExportedMetrics parses the alert rules file and checks
// that every metric an expression names is one a dancu server exports
// (scraped from a test server with a read replica), so a renamed metric cannot leave an alert that
// silently never fires; then promtool checks the file's syntax.
func TestAlertRulesNameExportedMetrics(t *testing.T) {
	raw, err := os.ReadFile(alertRulesFile)
	if err != nil {
		t.Fatal(err)
	}
	var rf ruleFile
	if err := yaml.Unmarshal(raw, &rf); err != nil {
		t.Fatalf("%s is not YAML: %v", alertRulesFile, err)
	}
	o := newOpsEnv(t, "postgres")
	// The replicas' families exist only with --db-read: here the primary
	// stands in for its standby, enough to register them as serve does.
	dsn := pgtest.NewDatabase(t)
	withReplica, err := sqlstore.Open(bg, dsn, sqlstore.Options{Replicas: sqlstore.ReplicaOptions{DSNs: []string{dsn}, Logger: discardLogger()}})
	if err != nil {
		t.Fatal(err)
	}
	defer withReplica.Close()
	wire.WatchReplicas(o.ops.Registry(), withReplica)
	o.do("GET", "/healthz", "", nil) // a request, so the HTTP families have a series
	exported := o.scrape()
	rules := 0
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			rules++
			if r.Alert == "" || strings.TrimSpace(r.Expr) == "" || r.Labels["severity"] == "" {
				t.Errorf("group %s: rule %q needs alert, expr and a severity label", g.Name, r.Alert)
			}
			names := metricName.FindAllString(r.Expr, -1)
			if len(names) == 0 && !strings.Contains(r.Expr, "up{") {
				t.Errorf("alert %s names no dancu metric: %s", r.Alert, r.Expr)
			}
			for _, n := range names {
				if exported[familyOf(n)] == nil {
					t.Errorf("alert %s names %s, which dancu does not export", r.Alert, n)
				}
			}
		}
	}
	if rules < 10 {
		t.Fatalf("only %d rules in %s", rules, alertRulesFile)
	}
	promtool := testtool.Need(t, "promtool", "install Debian's prometheus package")
	abs, _ := filepath.Abs(alertRulesFile)
	if out, err := exec.Command(promtool, "check", "rules", abs).CombinedOutput(); err != nil {
		t.Fatalf("promtool check rules: %v\n%s", err, out)
	}
}

// familyOf is the family a histogram's or summary's series belongs to.
func familyOf(series string) string {
	for _, suffix := range []string{"_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(series, suffix); ok {
			return base
		}
	}
	return series
}
