package residence_test

import (
	"os"
	"testing"

	"dancu/internal/pgtest"
)

// TestMain stops the package's shared PostgreSQL after the tests; without
// it every run left a server behind.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
