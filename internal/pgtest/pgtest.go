// Package pgtest gives tests a fresh PostgreSQL database on a throwaway
// server shared by the test binary. In CI (CI=true) a missing PostgreSQL
// fails the test instead of skipping it, so the conformance suite cannot
// silently lose an engine.
package pgtest

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"dancu/internal/pgserver"
)

var (
	once    sync.Once
	shared  *pgserver.Server
	started error
	dbSeq   atomic.Int64
)

// inCI reports whether a missing PostgreSQL must fail rather than skip.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v == "true" || v == "1"
}

// NewDatabase returns the DSN of a fresh database on the package's shared
// server, starting it on first use. Without PostgreSQL the test is skipped,
// except in CI where it fails.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	once.Do(func() { shared, started = pgserver.Start() })
	if started != nil {
		if inCI() {
			tb.Fatalf("PostgreSQL is required in CI: %v", started)
		}
		tb.Skipf("PostgreSQL not available: %v", started)
	}
	dsn, err := shared.CreateDatabase(fmt.Sprintf("t%d_%d", os.Getpid(), dbSeq.Add(1)))
	if err != nil {
		tb.Fatal(err)
	}
	return dsn
}

// DSN returns a fresh database for a conformance test on engine ("sqlite"
// or "postgres"): the SQLite file at sqlitePath, which the test owns, or a
// new database on the shared server.
func DSN(tb testing.TB, engine, sqlitePath string) string {
	tb.Helper()
	if engine == "postgres" {
		return NewDatabase(tb)
	}
	return "sqlite:" + sqlitePath
}

// Main runs a package's tests and stops the shared server afterwards; call
// it from TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	return code
}
