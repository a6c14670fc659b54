package pgformation

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// The formation starts, prints a multi-host URI and promotes the standby
// after the primary is killed.
func TestFormationFailsOver(t *testing.T) {
	if err := Available(); err != nil {
		if v := strings.ToLower(os.Getenv("CI")); v == "true" || v == "1" {
			t.Fatalf("pg_auto_failover is required in CI: %v", err)
		}
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	f, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Stop()
	uri, err := f.URI()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(uri, ",") || !strings.Contains(uri, "target_session_attrs=read-write") {
		t.Errorf("formation URI %q names one host or no read-write target", uri)
	}
	old, start, err := f.KillPrimary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now, err := f.WaitPrimary(ctx, old, 90*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s killed, %s primary after %s", old, now, time.Since(start).Round(100*time.Millisecond))
}
