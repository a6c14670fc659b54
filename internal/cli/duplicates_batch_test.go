package cli

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/sqlstore"
	"dancu/internal/units"
)

// Two batches imported one right after the other (within the same second):
// the check that follows each import reports only pairs involving that
// batch's records. A one-second time window made the check of the second
// batch report the first batch's pairs again.
func TestBatchDuplicateCheckReportsOnlyThatBatchsPairs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	all := filepath.Join(dir, "all.csv")
	mustRun(t, "generate", "--province", "42", "--people", "3000", "--seed", "11", "--duplicates", "0.08",
		"--truth", filepath.Join(dir, "truth.csv"), "--out", all)
	raw, err := os.ReadFile(all)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimRight(string(raw), "\n")+"\n", "\n")
	header, rows := lines[0], lines[1:len(lines)-1]
	cuts := []int{0, len(rows) * 70 / 100, len(rows) * 85 / 100, len(rows)}
	files := make([]string, 3)
	refs := make([]map[string]bool, 3)
	for i := range files {
		files[i] = filepath.Join(dir, []string{"base.csv", "second.csv", "third.csv"}[i])
		part := rows[cuts[i]:cuts[i+1]]
		refs[i] = map[string]bool{}
		for _, r := range part {
			refs[i][strings.SplitN(r, ",", 2)[0]] = true
		}
		if err := os.WriteFile(files[i], []byte(header+strings.Join(part, "")), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	ctx := context.Background()
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "d.db"), sqlstore.Options{Units: units.Default()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := &app{out: io.Discard, errOut: io.Discard, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	flags := importFlags{actor: "test", chunk: 500, noProgress: true, skipInvalid: true, report: filepath.Join(dir, "errors.csv")}
	var batches []int64
	for _, f := range files {
		info, err := a.importFile(ctx, db, f, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), flags)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		batches = append(batches, info.ID)
	}
	for i := 1; i < 3; i++ {
		pairs, err := a.checkBatchDuplicates(ctx, db, files[i], batches[i])
		if err != nil {
			t.Fatal(err)
		}
		if len(pairs) == 0 {
			t.Fatalf("the check of %s found no pair: the test proves nothing", files[i])
		}
		for _, p := range pairs {
			if !refs[i][p.Left.Ref] && !refs[i][p.Right.Ref] {
				t.Errorf("the check of %s reported %s / %s, neither of which it imported", files[i], p.Left.Ref, p.Right.Ref)
			}
		}
	}
}
