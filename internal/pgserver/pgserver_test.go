package pgserver_test

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"dancu/internal/pgserver"
)

// TestDurableServerSyncsAtCommit checks the settings benchmarks rely on:
// a commit returns only once its WAL is on disk.
func TestDurableServerSyncsAtCommit(t *testing.T) {
	s, err := pgserver.StartDurable()
	if err != nil {
		if v := strings.ToLower(os.Getenv("CI")); v == "true" || v == "1" {
			t.Fatalf("PostgreSQL is required in CI: %v", err)
		}
		t.Skipf("PostgreSQL not available: %v", err)
	}
	defer s.Stop()
	db, err := sql.Open("pgx", s.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, setting := range []string{"fsync", "synchronous_commit", "full_page_writes"} {
		var v string
		if err := db.QueryRow("SHOW " + setting).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != "on" {
			t.Errorf("%s = %s, want on", setting, v)
		}
	}
}
