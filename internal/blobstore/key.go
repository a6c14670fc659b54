package blobstore

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// KeySize is the AES-256 key length.
const KeySize = 32

// KeyEnv names the variable that may hold the key, as 64 hex digits or
// standard base64; it wins over the key file, for deployments that keep
// secrets in the environment (a secret manager, systemd credentials).
const KeyEnv = "DANCU_BLOB_KEY"

// LoadKey returns the key from KeyEnv if set, else from the file at path,
// creating the file with 32 random bytes and mode 0600 on first use.
// Losing the key loses every capture: back it up apart from the blobs.
func LoadKey(path string) ([]byte, error) {
	if v, ok := os.LookupEnv(KeyEnv); ok {
		return ParseKey(v)
	}
	key, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("blobstore: read key file: %w", err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("blobstore: key file %s holds %d bytes, want %d", path, len(key), KeySize)
	}
	return key, nil
}

func createKey(path string) ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("blobstore: generate key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("blobstore: key directory: %w", err)
	}
	// O_EXCL: two processes starting together must not both write a key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("blobstore: create key file: %w", err)
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		return nil, fmt.Errorf("blobstore: write key file: %w", err)
	}
	return key, f.Close()
}

// ParseKey reads a key written as 64 hex digits or base64.
func ParseKey(s string) ([]byte, error) {
	if k, err := hex.DecodeString(s); err == nil && len(k) == KeySize {
		return k, nil
	}
	if k, err := base64.StdEncoding.DecodeString(s); err == nil && len(k) == KeySize {
		return k, nil
	}
	return nil, fmt.Errorf("blobstore: %s must hold %d bytes as hex or base64", KeyEnv, KeySize)
}
