// Package readroute is the one hint about read replicas that crosses
// layers: the HTTP layers mark who is reading, and the storage adapter
// sends that reader's reads to the primary until a standby has replayed
// the reader's own last write (read-your-writes). Domain code never sees
// it; without a mark, reads simply tolerate the configured replica lag.
package readroute

import "context"

type readerKey struct{}

// WithReader marks ctx as the reads and writes of one reader (an officer's
// account, say): what they write, they will read back.
func WithReader(ctx context.Context, key string) context.Context {
	if key == "" {
		return ctx
	}
	return context.WithValue(ctx, readerKey{}, key)
}

// Reader is the mark WithReader put on ctx, or "".
func Reader(ctx context.Context) string {
	k, _ := ctx.Value(readerKey{}).(string)
	return k
}

type tolerantKey struct{}

// LagTolerant marks the reads of ctx as ones that may run on a standby
// within the lag bound, beyond those the storage routes on its own
// (search, dashboards, match reads): an agency's eKYC read of the record
// it has just matched, say.
func LagTolerant(ctx context.Context) context.Context {
	return context.WithValue(ctx, tolerantKey{}, true)
}

// IsLagTolerant reports whether LagTolerant marked ctx.
func IsLagTolerant(ctx context.Context) bool {
	v, _ := ctx.Value(tolerantKey{}).(bool)
	return v
}
