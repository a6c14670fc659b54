package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// DefaultMaxConcurrentHashes is how many argon2id computations the process
// runs at once. Each holds Params.Memory (64 MiB by default), so the bound
// is also the bound on the memory password checks can take: four slots are
// 256 MiB, while forty parallel wrong client secrets once took a server
// from 255 MB to 2.7 GB. More slots would not answer faster on a server
// with a few cores: argon2id is CPU bound.
const DefaultMaxConcurrentHashes = 4

// KeyFunc derives an argon2id key; argon2.IDKey in production. A test
// passes its own to count the computations a request causes and how many
// run at once, without measuring time.
type KeyFunc func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte

// Hasher computes and verifies argon2id password hashes, at most a fixed
// number at once; callers beyond it wait for a slot or for their context
// to end.
type Hasher struct {
	slots   chan struct{}
	key     KeyFunc
	waiting atomic.Int64
}

// NewHasher returns a Hasher running at most maxConcurrent computations
// at once (DefaultMaxConcurrentHashes if not positive) with key
// (argon2.IDKey if nil).
func NewHasher(maxConcurrent int, key KeyFunc) *Hasher {
	if maxConcurrent <= 0 {
		maxConcurrent = DefaultMaxConcurrentHashes
	}
	if key == nil {
		key = argon2.IDKey
	}
	return &Hasher{slots: make(chan struct{}, maxConcurrent), key: key}
}

// ProcessHasher is the Hasher of the whole process: officer logins,
// password changes and partner agencies' client secrets share its slots
// unless a service is configured with another, so that no mix of requests
// can run more than DefaultMaxConcurrentHashes hashes at once.
var ProcessHasher = NewHasher(DefaultMaxConcurrentHashes, nil)

// InUse is how many computations run now, and Waiting how many callers
// wait for a slot: what a metric (or a test) reads.
func (h *Hasher) InUse() int   { return len(h.slots) }
func (h *Hasher) Waiting() int { return int(h.waiting.Load()) }

// Hash returns a PHC-style string of password with costs p:
// $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash>.
func (h *Hasher) Hash(ctx context.Context, password string, p Params) (string, error) {
	if err := CheckPassword(password); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: read salt: %w", err)
	}
	key, err := h.derive(ctx, []byte(password), salt, p, keyLen)
	if err != nil {
		return "", err
	}
	return encodeHash(p, salt, key), nil
}

// Verify reports whether password matches encoded, comparing in constant
// time. A malformed hash is an error, not a mismatch; so is a context that
// ends while the caller waits for a slot.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (bool, error) {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	if len(password) > 4*maxPasswordLength {
		return false, nil
	}
	got, err := h.derive(ctx, []byte(password), salt, p, uint32(len(want)))
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// derive runs one key derivation in a slot.
func (h *Hasher) derive(ctx context.Context, password, salt []byte, p Params, n uint32) ([]byte, error) {
	h.waiting.Add(1)
	select {
	case h.slots <- struct{}{}:
		h.waiting.Add(-1)
	case <-ctx.Done():
		h.waiting.Add(-1)
		return nil, fmt.Errorf("auth: waiting for a password-hash slot: %w", ctx.Err())
	}
	defer func() { <-h.slots }()
	return h.key(password, salt, p.Time, p.Memory, p.Threads, n), nil
}

// DummyHash returns a well-formed hash with costs p that no password
// matches (its key is random). A check for an unknown account or client is
// verified against it, so that it does the same work, in time and memory,
// as a check for a known one and the answer does not tell them apart.
func DummyHash(p Params) string {
	salt, key := make([]byte, saltLen), make([]byte, keyLen)
	rand.Read(salt) // never fails (crypto/rand, Go 1.24+)
	rand.Read(key)
	return encodeHash(p, salt, key)
}

func encodeHash(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}
