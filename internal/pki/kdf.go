package pki

import (
	"encoding/json"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// KDFParams are the argon2id parameters of a sealed store. They are stored
// beside the keys (not secret), so they can be raised for new stores
// without breaking old ones.
type KDFParams struct {
	Time    uint32 `json:"time"`
	Memory  uint32 `json:"memory_kib"`
	Threads uint8  `json:"threads"`
	Salt    []byte `json:"salt"`
}

// DefaultKDF follows RFC 9106 §4's second recommendation (64 MiB, 3
// passes) with the parallelism of a 2-core signing host. Opening the store
// takes about a quarter of a second on a 2-core host, once per process.
var DefaultKDF = KDFParams{Time: 3, Memory: 64 * 1024, Threads: 2}

const (
	saltSize      = 16
	keySize       = 32 // AES-256
	minPassphrase = 12
	// Floors that stop a tampered kdf.json from making the key cheap to
	// brute-force.
	minKDFTime   = 1
	minKDFMemory = 8 * 1024
)

func (p KDFParams) deriveKey(passphrase []byte) []byte {
	return argon2.IDKey(passphrase, p.Salt, p.Time, p.Memory, p.Threads, keySize)
}

func (p KDFParams) encode() ([]byte, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

func decodeKDFParams(b []byte) (KDFParams, error) {
	var p KDFParams
	if err := json.Unmarshal(b, &p); err != nil {
		return KDFParams{}, fmt.Errorf("pki: %s: %w", kdfBlob, err)
	}
	return p, p.check()
}

func (p KDFParams) check() error {
	if p.Time < minKDFTime || p.Memory < minKDFMemory || p.Threads == 0 || len(p.Salt) < saltSize {
		return fmt.Errorf("pki: argon2id parameters too weak (time %d, memory %d KiB, threads %d, salt %d bytes)",
			p.Time, p.Memory, p.Threads, len(p.Salt))
	}
	return nil
}
