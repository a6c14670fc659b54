package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// MinPasswordLength is counted in characters, not bytes.
const MinPasswordLength = 10

// maxPasswordLength bounds the work a login attempt can cause.
const maxPasswordLength = 256

// Params are the argon2id costs. They are written into every hash, so
// raising them later leaves old hashes verifiable.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams follow RFC 9106's second recommendation scaled to a server
// that hashes only on login: 64 MiB, 2 passes, 2 lanes.
var DefaultParams = Params{Memory: 64 * 1024, Time: 2, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
)

var errBadHash = errors.New("auth: malformed password hash")

var b64 = base64.RawStdEncoding

// HashPassword returns a PHC-style string of password
// ($argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash>), computed in one of
// ProcessHasher's slots.
func HashPassword(password string, p Params) (string, error) {
	return ProcessHasher.Hash(context.Background(), password, p)
}

// CheckPassword enforces the password policy.
func CheckPassword(password string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLength {
		return fmt.Errorf("the password must have at least %d characters", MinPasswordLength)
	}
	if n > maxPasswordLength {
		return fmt.Errorf("the password must have at most %d characters", maxPasswordLength)
	}
	return nil
}

// VerifyPassword reports whether password matches encoded, comparing in
// constant time, in one of ProcessHasher's slots. A malformed hash is an
// error, not a mismatch.
func VerifyPassword(password, encoded string) (bool, error) {
	return ProcessHasher.Verify(context.Background(), password, encoded)
}

func decodeHash(encoded string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, errBadHash
	}
	// Bound the costs a stored hash can demand, so a corrupted row cannot
	// make one login allocate gigabytes.
	if p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Memory < 8*uint32(p.Threads) || p.Memory > 1<<21 {
		return p, nil, nil, errBadHash
	}
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 {
		return p, nil, nil, errBadHash
	}
	return p, salt, key, nil
}
