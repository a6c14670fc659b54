package cli

import (
	"os"
	"runtime/debug"
)

// serverMemoryLimit is the Go heap's soft limit for a server: past it the
// collector runs as often as it must, whatever GOGC says.
const serverMemoryLimit = 4 << 30

// tuneServerGC collects a server's heap less often, unless the operator
// set GOGC or GOMEMLIMIT. A server's live heap is small (the register's
// pages live in SQLite's cache or in PostgreSQL), so at GOGC 100 the
// collector ran several times a second under login load: 5 % of the CPU
// of `dancu bench oidc` (pprof), where a heap of 5× the live size costs
// tens of MB. The soft limit caps what that costs on a large heap.
func tuneServerGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serverMemoryLimit)
	}
}
