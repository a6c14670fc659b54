package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"dancu/internal/audit"
)

// logHead writes a checkpoint's signed head to the service log, so that a
// copy of every head lives outside the database (log collectors usually
// ship it off the host within seconds).
func (a *app) logHead(cp audit.Checkpoint) {
	a.log.Info("audit checkpoint", "seq", cp.Seq, "head", cp.String())
}

// publishHeads is what a server does with each checkpoint: log its head
// and, with --audit-witness, post it to an external witness. stop, after
// the audit writer is closed, delivers what is queued (the last head
// included) for up to witnessTimeout.
func (a *app) publishHeads() (publish func(audit.Checkpoint), stop func(), err error) {
	if a.auditWitness == "" {
		return a.logHead, func() {}, nil
	}
	w, err := newWitness(a, a.auditWitness)
	if err != nil {
		return nil, nil, err
	}
	return func(cp audit.Checkpoint) {
		a.logHead(cp)
		w.publish(cp)
	}, w.stop, nil
}

// witness posts signed heads to an external service, one at a time, off
// the audit writer's goroutine. A head covers every earlier one, so when
// the witness lags, newer heads wait and older unsent ones may be dropped
// without a gap in what it attests.
type witness struct {
	url    string
	client *http.Client
	queue  chan string
	done   chan struct{}
	a      *app
}

const (
	witnessQueue   = 16
	witnessTimeout = 10 * time.Second
)

func newWitness(a *app, raw string) (*witness, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("--audit-witness %q: want an http(s) URL", raw)
	}
	w := &witness{url: u.String(), client: &http.Client{Timeout: witnessTimeout}, queue: make(chan string, witnessQueue),
		done: make(chan struct{}), a: a}
	go w.run()
	return w, nil
}

// stop ends the witness once the queue is delivered; publish must not be
// called after it.
func (w *witness) stop() {
	close(w.queue)
	select {
	case <-w.done:
	case <-time.After(witnessTimeout):
		w.a.log.Warn("audit witness: heads left undelivered at shutdown", "url", w.url)
	}
}

func (w *witness) publish(cp audit.Checkpoint) {
	line := cp.String()
	for {
		select {
		case w.queue <- line:
			return
		default:
		}
		select { // full: drop the oldest, the new head covers it
		case <-w.queue:
		default:
		}
	}
}

func (w *witness) run() {
	defer close(w.done)
	for line := range w.queue {
		if err := w.post(context.Background(), line); err != nil {
			w.a.log.Warn("audit witness did not take the head", "url", w.url, "err", err)
		}
	}
}

func (w *witness) post(ctx context.Context, line string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, strings.NewReader(line+"\n"))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("answered %s", resp.Status)
	}
	return nil
}
