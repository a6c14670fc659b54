package eid

import (
	"context"
	"crypto/ed25519"
	"errors"
	"slices"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// inlineTx runs a change without a transaction.
type inlineTx struct{}

func (inlineTx) InTx(ctx context.Context, fn func(context.Context) error) error { return fn(ctx) }

// keptAudit keeps the entries appended to it.
type keptAudit struct{ entries []audit.Entry }

func (a *keptAudit) AppendAudit(_ context.Context, build func(audit.Head) (audit.Batch, error)) error {
	b, err := build(audit.Head{})
	for _, r := range b.Records {
		a.entries = append(a.entries, r.Entry)
	}
	return err
}

func (a *keptAudit) AddAuditKey(context.Context, ed25519.PublicKey, time.Time) error { return nil }

// deleteOnly stands for storage in the removal: DeletePasskey answers
// errReached, so a removal that gets past the rule stops there.
type deleteOnly struct{ Store }

var errReached = errors.New("the removal reached the store")

func (deleteOnly) DeletePasskey(context.Context, string, string) error { return errReached }

// TestRecentLoginGuardsAuthenticators: a change of the account's
// authenticators needs a login no older than RecentLogin, known, and not
// from the future; the refusal is ErrLoginTooOld (Unauthenticated) and is
// audited as denied, and nothing is changed.
func TestRecentLoginGuardsAuthenticators(t *testing.T) {
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		authTime time.Time
		recent   bool
	}{
		{"just logged in", now, true},
		{"a minute ago", now.Add(-time.Minute), true},
		{"at the bound", now.Add(-RecentLogin), true},
		{"a second past the bound", now.Add(-RecentLogin - time.Second), false},
		{"an hour ago", now.Add(-time.Hour), false},
		{"unknown login time", time.Time{}, false},
		{"ahead within the clock skew", now.Add(maxClockSkew), true},
		{"ahead beyond the clock skew", now.Add(maxClockSkew + time.Second), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Principal{AccountID: "acc-1", CitizenID: "cit-1", Level: Level2, AuthTime: tc.authTime, Methods: []string{MethodPassword}}
			if got := LoginRecent(p, now); got != tc.recent {
				t.Fatalf("LoginRecent = %v, want %v", got, tc.recent)
			}
			log := &keptAudit{}
			s := &Service{cfg: Config{Store: deleteOnly{}, Tx: inlineTx{}, Audit: log, Now: func() time.Time { return now }}}
			err := s.RemovePasskey(context.Background(), p, "cred-1")
			if tc.recent {
				if !errors.Is(err, errReached) || len(log.entries) != 0 {
					t.Fatalf("RemovePasskey on a recent login = %v (%d audit entries), want it to reach the store", err, len(log.entries))
				}
				return
			}
			if !errors.Is(err, ErrLoginTooOld) || !apperr.Is(err, apperr.Unauthenticated) {
				t.Fatalf("RemovePasskey on a stale login = %v, want ErrLoginTooOld (unauthenticated)", err)
			}
			if len(log.entries) != 1 {
				t.Fatalf("the refusal wrote %d audit entries, want 1", len(log.entries))
			}
			e := log.entries[0]
			if e.Action != ActionPasskey || e.Result != audit.ResultDenied || e.UserID != "acc-1" ||
				!slices.Equal(e.CitizenIDs, []string{"cit-1"}) || !slices.Equal(e.Fields, []string{reasonLoginTooOld}) {
				t.Fatalf("audit entry %+v", e)
			}
		})
	}
}
