package cli

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dancu/internal/pgtest"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
)

// TestImportKilledAtEachStepIsAuditedOrAbsent reproduces the crash end to
// end: a real `dancu import` process is killed with SIGKILL at each step
// of its batch (DANCU_TEST_KILL_AT), on both engines. Afterwards the audit
// log verifies, no batch is left running, and the batch is either absent
// (no citizen, no audit entry; the next import inserts it) or committed
// with its audit entry. Before the fix, a kill between the commit and the
// audit write left the citizens imported, unaudited, and a rerun said
// "unchanged".
func TestImportKilledAtEachStepIsAuditedOrAbsent(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "batch.csv")
	mustRun(t, "generate", "--province", "42", "--people", "40", "--seed", "3", "--out", file)
	steps := []string{registry.ImportStepBegun, registry.ImportStepWritten, registry.ImportStepRecorded, registry.ImportStepAudited, registry.ImportStepCommitted}
	for _, engine := range []string{"sqlite", "postgres"} {
		for _, step := range steps {
			t.Run(engine+"/"+step, func(t *testing.T) {
				run := t.TempDir()
				dsn := pgtest.DSN(t, engine, filepath.Join(run, "data", "dancu.db"))
				flags := []string{"--db", dsn, "--data", filepath.Join(run, "data"), "--keys", filepath.Join(run, "keys")}
				killed := exec.Command(os.Args[0], append(append([]string{"import", "--no-progress"}, flags...), file)...)
				killed.Env = append(os.Environ(), cliTestMainEnv+"=1", failpointEnv+"="+step)
				out, err := killed.CombinedOutput()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("the import was not killed at %s: %v\n%s", step, err, out)
				}

				if out := mustRun(t, append([]string{"audit", "verify"}, flags...)...); !strings.Contains(out, "audit log intact") {
					t.Errorf("audit verify after the kill: %s", out)
				}
				citizens, statuses, audited := importState(t, dsn)
				for _, s := range statuses {
					if s == "running" {
						t.Errorf("a batch is left running: %v", statuses)
					}
				}
				if step == registry.ImportStepCommitted {
					if citizens != 40 || audited != 1 || strings.Join(statuses, ",") != "committed" {
						t.Errorf("killed after the commit: %d citizens, %d import entries, batches %v; want 40, 1, committed", citizens, audited, statuses)
					}
					return
				}
				if citizens != 0 || audited != 0 {
					t.Errorf("killed before the commit: %d citizens, %d import entries; want none", citizens, audited)
				}
				again := mustRun(t, append(append([]string{"import", "--no-progress"}, flags...), file)...)
				if !strings.Contains(again, "40 inserted") {
					t.Errorf("the import run again: %s", again)
				}
				if citizens, _, audited := importState(t, dsn); citizens != 40 || audited != 1 {
					t.Errorf("after the rerun: %d citizens, %d import entries; want 40, 1", citizens, audited)
				}
			})
		}
	}
}

// importState reads what the killed import left: citizens, batch
// statuses and import audit entries.
func importState(t *testing.T, dsn string) (citizens int, statuses []string, audited int) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.Citizens().CountCitizens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := db.Citizens().Batches(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		statuses = append(statuses, b.Status)
	}
	recs, err := db.AuditLog().AuditRecords(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Entry.Action == "import.batch" {
			audited++
		}
	}
	return int(n), statuses, audited
}
