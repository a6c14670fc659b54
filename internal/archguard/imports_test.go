package archguard

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"dancu/internal/testtool"
)

const module = "dancu/internal/"

// adapters are the packages that may speak SQL or HTTP: they translate between
// the outside world and the domain. Every other package under internal/ is a
// domain package. A prefix also covers the packages below it.
var adapters = map[string]string{
	"cli":                 "command line: parses flags and wires services to storage",
	"wire":                "the composition root: builds the domain services over the storage adapter",
	"web/":                "HTTP API and officer web application",
	"sqlstore":            "the storage adapter: all SQL lives here",
	"pgserver":            "starts a throwaway PostgreSQL server for tests and benchmarks",
	"pgtest":              "test helper that opens PostgreSQL databases",
	"pgformation":         "starts a pg_auto_failover formation on loopback for failover tests",
	"share/webhook":       "delivers sharing events to partners over HTTP",
	"testtool":            "finds third-party programs for tests",
	"credential/npmcheck": "test helper that runs the npm @sd-jwt/sd-jwt-vc verifier over credentials",
}

// forbidden are imports no domain package may have, directly or through
// another package. A path ending in "/" also forbids the packages below it.
var forbidden = append([]string{"database/sql", "net/http"}, drivers...)

// drivers are the database drivers, forbidden through any dependency.
var drivers = []string{
	"github.com/jackc/pgx/",
	"github.com/lib/pq",
	"modernc.org/sqlite",
	"github.com/mattn/go-sqlite3",
}

// allowed are single exceptions to forbidden, each with its reason.
var allowed = map[[2]string]string{
	{"pdate", "database/sql/driver"}: "Date implements driver.Valuer and sql.Scanner so both engines store it as ISO text; the package holds interfaces only, no connection",
}

type listed struct {
	ImportPath string
	Imports    []string // non-test imports of the package itself
	Deps       []string // everything it needs to build, transitively
}

// internalPackages lists every package under internal/ with its non-test
// imports, as the go tool sees them (build tags and all).
func internalPackages(t *testing.T) map[string]listed {
	t.Helper()
	goTool := testtool.Need(t, "go", "install Go")
	cmd := exec.Command(goTool, "list", "-json=ImportPath,Imports,Deps", module+"...")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]listed{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("decoding go list output: %v", err)
		}
		pkgs[strings.TrimPrefix(p.ImportPath, module)] = p
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages under internal/", len(pkgs))
	}
	return pkgs
}

func isAdapter(rel string) bool {
	for prefix := range adapters {
		if rel == strings.TrimSuffix(prefix, "/") || strings.HasPrefix(rel, strings.TrimSuffix(prefix, "/")+"/") {
			return true
		}
	}
	return false
}

func matches(path, pattern string) bool {
	if strings.HasSuffix(pattern, "/") {
		return path == strings.TrimSuffix(pattern, "/") || strings.HasPrefix(path, pattern)
	}
	return path == pattern || strings.HasPrefix(path, pattern+"/")
}

// TestDomainPackagesImportNoSQLHTTPOrDriver fails when a domain package
// needs database/sql, net/http, a database driver or an adapter package.
// Direct imports are checked for the standard library packages, since a
// third-party library such as prometheus may bring database/sql along;
// drivers and our own adapters are checked through every dependency.
func TestDomainPackagesImportNoSQLHTTPOrDriver(t *testing.T) {
	pkgs := internalPackages(t)
	domain := 0
	for rel, p := range pkgs {
		if isAdapter(rel) {
			continue
		}
		domain++
		for _, imp := range p.Imports {
			for _, bad := range forbidden {
				if matches(imp, bad) {
					if _, ok := allowed[[2]string{rel, imp}]; !ok {
						t.Errorf("domain package %s imports %s; move that code to an adapter (sqlstore, web, cli)", rel, imp)
					}
				}
			}
		}
		isDriver := func(dep string) bool {
			return slices.ContainsFunc(drivers, func(d string) bool { return matches(dep, d) })
		}
		if i := slices.IndexFunc(p.Deps, isDriver); i >= 0 {
			t.Errorf("domain package %s depends on the database driver %s", rel, p.Deps[i])
		}
		for _, dep := range p.Deps {
			if strings.HasPrefix(dep, module) && isAdapter(strings.TrimPrefix(dep, module)) {
				t.Errorf("domain package %s depends on the adapter package %s", rel, dep)
			}
		}
	}
	if domain < 10 {
		t.Fatalf("only %d domain packages found; is the adapter list too wide?", domain)
	}
}

// TestWebReachesStorageOnlyThroughDomainInterfaces fails when a package under
// internal/web imports sqlstore, directly or through another package: the
// handlers must work with any store that satisfies the services' interfaces.
func TestWebReachesStorageOnlyThroughDomainInterfaces(t *testing.T) {
	for rel, p := range internalPackages(t) {
		if !strings.HasPrefix(rel, "web/") {
			continue
		}
		for _, dep := range p.Deps {
			if matches(dep, module+"sqlstore") {
				t.Errorf("%s depends on %s; take a domain interface or service instead", rel, dep)
			}
		}
	}
}

// TestCardAndChipDoNotImportTheRegister fails when card or chip (or their
// subpackages) need the register: they share only the small value types in
// internal/person, so a card can be printed or verified without DC01 and the
// import pipeline.
func TestCardAndChipDoNotImportTheRegister(t *testing.T) {
	checked := 0
	for rel, p := range internalPackages(t) {
		if !matches(rel, "card") && !matches(rel, "chip") {
			continue
		}
		checked++
		if i := slices.IndexFunc(p.Deps, func(d string) bool { return matches(d, module+"registry") }); i >= 0 {
			t.Errorf("%s depends on %s; use dancu/internal/person for shared value types", rel, p.Deps[i])
		}
	}
	if checked < 2 {
		t.Fatalf("found %d card/chip packages, want at least 2", checked)
	}
}
