// Package idempotency carries a write's idempotency key from where it
// enters dancu (the API's Idempotency-Key header) to the store, which
// records it in the write's own transaction: a retried write whose first
// commit outcome was unknown is then recognised and not applied twice.
package idempotency

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
)

// MaxKeyLen bounds a client's key (the header is stored as sent).
const MaxKeyLen = 128

type ctxKey struct{}

// scope is one request's key and the count of transactions it started:
// a use case that runs two transactions records key/1 and key/2, so each
// is checked on its own.
type scope struct {
	key string
	n   atomic.Int64
}

// Check refuses a key a client may not send: empty, too long, or holding
// characters other than printable ASCII.
func Check(key string) error {
	if key == "" || len(key) > MaxKeyLen {
		return fmt.Errorf("Idempotency-Key must be 1 to %d characters, not %d", MaxKeyLen, len(key))
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c < 0x21 || c > 0x7e {
			return fmt.Errorf("Idempotency-Key holds a character that is not printable ASCII at position %d", i+1)
		}
	}
	return nil
}

// WithKey marks the writes made with ctx as the request key names.
func WithKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, ctxKey{}, &scope{key: key})
}

// Next returns the key of the next transaction started with ctx, and
// false when ctx carries no client key.
func Next(ctx context.Context) (string, bool) {
	s, _ := ctx.Value(ctxKey{}).(*scope)
	if s == nil {
		return "", false
	}
	return s.key + "/" + strconv.FormatInt(s.n.Add(1), 10), true
}
