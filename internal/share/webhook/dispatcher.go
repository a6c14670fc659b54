package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"time"

	"dancu/internal/audit"
	"dancu/internal/share"
)

// Dispatcher delivers due subscriptions' events. Several servers on one
// database each run one; Leader lets only the holder of the dispatcher
// lease deliver, so an event is not delivered by two of them.
type Dispatcher struct {
	Store share.Store
	// Audit records every delivery before it is sent (required): a
	// webhook discloses a citizen's number as a feed page does.
	Audit Auditor
	// Policy says which addresses deliveries may connect to; the zero
	// policy allows public https targets only.
	Policy   share.TargetPolicy
	Timeout  time.Duration    // per delivery; default 10 s
	Now      func() time.Time // default time.Now
	Log      *slog.Logger     // default slog.Default()
	Interval time.Duration    // polling interval; default 1 s
	// PerTick bounds the events sent to one subscription per tick.
	PerTick int
	// Leader says whether this process may deliver now (nil: always). It
	// is asked before every delivery: a server that lost the lease stops
	// between two events.
	Leader interface{ Held() bool }

	client *http.Client
}

func (d *Dispatcher) defaults() {
	if d.Timeout <= 0 {
		d.Timeout = 10 * time.Second
	}
	if d.client == nil {
		d.client = newClient(d.Policy, d.Timeout)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Interval <= 0 {
		d.Interval = time.Second
	}
	if d.PerTick <= 0 {
		d.PerTick = 100
	}
}

func (d *Dispatcher) leading() bool { return d.Leader == nil || d.Leader.Held() }

// Auditor records a disclosure; the audit log's writer is one.
type Auditor interface {
	Record(ctx context.Context, e audit.Entry) error
}

// ActWebhook is the audited action of a webhook delivery.
const ActWebhook = "events.webhook"

// Run delivers until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	d.defaults()
	t := time.NewTicker(d.Interval)
	defer t.Stop()
	for {
		if err := d.Tick(ctx); err != nil && ctx.Err() == nil {
			d.Log.Warn("webhook dispatch", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick makes one pass over the due subscriptions.
func (d *Dispatcher) Tick(ctx context.Context) error {
	d.defaults()
	if d.Audit == nil {
		return errors.New("webhook: the dispatcher has no auditor; deliveries are not sent unaudited")
	}
	if !d.leading() {
		return nil
	}
	subs, err := d.Store.DueSubscriptions(ctx, d.Now())
	if err != nil {
		return err
	}
	for _, s := range subs {
		if err := d.deliver(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// deliver sends the subscription's next events in order, stopping at
// the first failure, which schedules a retry.
func (d *Dispatcher) deliver(ctx context.Context, s share.Subscription) error {
	a, err := d.Store.Agency(ctx, s.AgencyID)
	if err != nil || a.Status != share.Active {
		return err // a suspended agency's subscriptions wait
	}
	// The agency's current permissions decide, not those at subscription.
	types := slices.DeleteFunc(slices.Clone(s.Types), func(t share.EventType) bool { return !a.MaySee(t) })
	evs, err := d.Store.Events(ctx, s.Delivered, types, d.PerTick)
	if err != nil {
		return err
	}
	for _, raw := range evs {
		if !d.leading() {
			return nil // another server delivers from the stored cursor
		}
		// Cut to the agency's current field scope; an event it may not
		// receive at all is passed over, and the cursor moves past it.
		ev, ok := raw.ForAgency(a.Fields)
		if !ok {
			if err := d.Store.MarkDelivered(ctx, s.ID, raw.Seq); err != nil {
				return err
			}
			continue
		}
		if err := d.record(ctx, a, s, ev); err != nil {
			return err // nothing is sent unaudited; retried next tick
		}
		if err := d.post(ctx, s, ev); err != nil {
			attempts := s.Attempts + 1
			// The operator's log has the detail; the agency reads a class.
			d.Log.Info("webhook delivery failed", "subscription", s.ID, "event", ev.ID, "attempt", attempts, "err", err)
			return d.Store.MarkFailed(ctx, s.ID, attempts, d.Now().Add(share.Backoff(attempts)), failureClass(err))
		}
		if err := d.Store.MarkDelivered(ctx, s.ID, ev.Seq); err != nil {
			return err
		}
		s.Attempts = 0
	}
	return nil
}

// record audits one delivery attempt with the citizen the event names.
// Each attempt is recorded: a failed one may still have reached the
// subscriber.
func (d *Dispatcher) record(ctx context.Context, a share.Agency, s share.Subscription, ev share.Event) error {
	ids, fields := share.Disclosed([]share.Event{ev})
	e := audit.Entry{Time: d.Now().UTC(), RequestID: ev.ID, Action: ActWebhook, Route: "webhook " + s.ID, CitizenIDs: ids,
		AgencyID: a.ID, Fields: fields, Purpose: share.NotificationPurpose, LegalBasis: a.LegalBasis, Result: "ok"}
	if err := d.Audit.Record(ctx, e); err != nil {
		return fmt.Errorf("audit webhook delivery: %w", err)
	}
	return nil
}

// post sends one event; only a 2xx answer counts as received. Errors
// are for the operator's log: they may name the address dialled.
func (d *Dispatcher) post(ctx context.Context, s share.Subscription, ev share.Event) error {
	body, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	now := d.Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderID, ev.ID)
	req.Header.Set(HeaderEventType, string(ev.Type))
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(HeaderSignature, Sign(s.Secret, now, body))
	resp, err := d.client.Do(req)
	if err != nil {
		return fmt.Errorf("post: %w", err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10)) // lets the connection be reused
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return notAccepted{resp.StatusCode}
	}
	return nil
}
