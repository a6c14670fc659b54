package audit_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"dancu/internal/audit"
)

// TestWriterCommitsAbandonedEntries: a caller that stops waiting (its
// request was cancelled) leaves its entry to be committed anyway, whether
// the commit role then passes to a caller still waiting or to nobody.
func TestWriterCommitsAbandonedEntries(t *testing.T) {
	for _, tc := range []struct {
		name        string
		waiterAfter bool // a caller that keeps waiting queues behind the abandoned ones
	}{
		{"only abandoned entries wait", false},
		{"a waiting caller behind them", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &syncStore{commits: make(chan struct{})}
			w, err := audit.NewWriter(bg, audit.WriterConfig{Store: st, Signer: newSigner(t), CheckpointInterval: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			leader := make(chan error, 1)
			go func() { leader <- w.Record(bg, sampleEntry()) }()
			waitFor(t, "the leader to queue", func() bool { return w.Waiting() == 1 })
			for i := range 2 {
				ctx, cancel := context.WithCancel(bg)
				e := sampleEntry()
				e.RequestID = fmt.Sprint("abandoned-", i)
				res := make(chan error, 1)
				go func() { res <- w.Record(ctx, e) }()
				waitFor(t, "the caller to queue", func() bool { return w.Waiting() == 2 }) // the leader and this caller
				cancel()
				if err := <-res; !errors.Is(err, context.Canceled) {
					t.Fatalf("abandoned Record: %v, want context.Canceled", err)
				}
			}
			waiter := make(chan error, 1)
			if tc.waiterAfter {
				go func() { waiter <- w.Record(bg, sampleEntry()) }()
				waitFor(t, "the waiter to queue", func() bool { return w.Waiting() == 2 })
			} else {
				waiter <- nil
			}
			close(st.commits)
			if err := <-leader; err != nil {
				t.Fatal(err)
			}
			if err := <-waiter; err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			want := 3
			if tc.waiterAfter {
				want = 4
			}
			if st.count() != want {
				t.Fatalf("%d entries stored, want %d (abandoned ones included)", st.count(), want)
			}
			for i := range 2 {
				if seq := st.seqOf(fmt.Sprint("abandoned-", i)); seq > st.durableSeq() {
					t.Errorf("abandoned entry %d at seq %d is not durable (durable through %d)", i, seq, st.durableSeq())
				}
			}
		})
	}
}

// TestWriterUnderCancellationAndClose: callers with random deadlines race
// a Close. Nothing deadlocks, every caller answered nil has a durable
// entry, callers after Close are refused, and the chain verifies.
func TestWriterUnderCancellationAndClose(t *testing.T) {
	st := &syncStore{}
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: st, Signer: newSigner(t), CheckpointEvery: 7})
	if err != nil {
		t.Fatal(err)
	}
	const callers = 64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var acked []string
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; ; j++ {
				ctx, cancel := context.WithTimeout(bg, time.Duration(rand.IntN(300))*time.Microsecond)
				e := sampleEntry()
				e.RequestID = fmt.Sprintf("c%d-%d", i, j)
				err := w.Record(ctx, e)
				cancel()
				switch {
				case err == nil:
					mu.Lock()
					acked = append(acked, e.RequestID)
					mu.Unlock()
				case errors.Is(err, context.DeadlineExceeded):
				case err.Error() == "audit: log writer is closed":
					return
				default:
					t.Errorf("Record: %v", err)
					return
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	closed := make(chan error, 1)
	go func() { closed <- w.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return: the writer deadlocked")
	}
	wg.Wait()
	if len(acked) == 0 {
		t.Fatal("no caller was answered before Close")
	}
	for _, id := range acked {
		if seq := st.seqOf(id); seq > st.durableSeq() {
			t.Fatalf("%s acknowledged but its seq %d is not durable (through %d)", id, seq, st.durableSeq())
		}
	}
	rep, err := audit.Verify(bg, &st.memStore, st.keys)
	if err != nil || rep.Problem != nil || rep.Entries != int64(st.count()) {
		t.Fatalf("verify: %+v, %v (stored %d)", rep, err, st.count())
	}
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
