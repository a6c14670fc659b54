package sqlstore_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

// lockedBuffer is a log sink the poll's goroutine and the test share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// hungStandby is a DSN whose server accepts TCP connections and never
// answers: a host that hangs rather than refuses.
func hungStandby(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return fmt.Sprintf("postgres://postgres@%s/replicated?sslmode=disable", ln.Addr())
}

// TestStandbysDownAtStart opens the store with two standbys that do not
// answer, one stopped and one hanging: the store opens anyway, says so in
// the log, serves searches from the primary and counts them as "down"
// fallbacks; once the stopped standby runs again the poll takes it in and
// searches go to it.
func TestStandbysDownAtStart(t *testing.T) {
	p := startPair(t)
	if err := p.standbyServer.Halt(); err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	// A guard, not a timing figure: a standby that never answers must not
	// hold Open at all; before connections had a timeout it held it for ever.
	openCtx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, err := sqlstore.Open(openCtx, p.primaryDSN, sqlstore.Options{Replicas: sqlstore.ReplicaOptions{
		DSNs: []string{hungStandby(t), p.standbyDSN}, MaxLag: time.Minute, Poll: 50 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}})
	if err != nil {
		t.Fatalf("a standby down at start stopped the store from opening: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if n := strings.Count(logs.String(), "read replica unreachable at start"); n != 2 {
		t.Errorf("%d standbys logged as unreachable at start, want 2; log:\n%s", n, logs.String())
	}
	if _, err := wire.Register(db).Create(ctx, sampleCitizen(), officer); err != nil {
		t.Fatal(err)
	}
	onPrimary := searches(t, p.primary)
	if !foundByName(t, ctx, db, "nguyen van hung") {
		t.Error("the primary did not answer the search the down standbys could not")
	}
	if got := searches(t, p.primary) - onPrimary; got != 1 {
		t.Errorf("primary ran %d searches, want 1", got)
	}
	if s, _ := db.ReadStats(); s.Fallbacks["down"] != 1 || s.Replica != 0 {
		t.Errorf("read stats %+v: want one \"down\" fallback and no replica read", s)
	}

	if err := p.standbyServer.Resume(); err != nil {
		t.Fatal(err)
	}
	waitCaughtUp(t, p)
	waitFor(t, "a search to run on the standby that came back", func() bool {
		before := searches(t, p.standby)
		return foundByName(t, ctx, db, "nguyen van hung") && searches(t, p.standby)-before == 1
	})
	if !strings.Contains(logs.String(), "read replica reachable") {
		t.Errorf("the standby's return was not logged:\n%s", logs.String())
	}
}
