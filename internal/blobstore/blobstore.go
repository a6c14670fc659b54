// Package blobstore keeps biometric captures (photos, fingerprints,
// signatures) as files outside the database, encrypted at rest with
// AES-256-GCM. Names are random, so a file name says nothing about its
// content (a content hash would let anyone holding a candidate image
// confirm it is stored). Neither data nor keys are ever logged.
//
// File layout: DIR/ab/abcdef…(32 hex) holding nonce (12 bytes) ‖ ciphertext
// ‖ tag. The reference is the additional authenticated data, so a file
// copied under another name fails to decrypt like a tampered one.
package blobstore

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"dancu/internal/apperr"
)

// FS is a BlobStore on a directory.
type FS struct {
	dir  string
	aead cipher.AEAD
}

// New opens (creating it 0700 if needed) a store in dir with a 32-byte key.
func New(dir string, key []byte) (*FS, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("blobstore: key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("blobstore: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("blobstore: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blobstore: create %s: %w", dir, err)
	}
	return &FS{dir: dir, aead: aead}, nil
}

// Put encrypts data into a new file and returns its reference.
func (s *FS) Put(_ context.Context, data []byte) (string, error) {
	name := make([]byte, 16)
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(name); err != nil {
		return "", apperr.Wrap(err, "blobstore: random name")
	}
	if _, err := rand.Read(nonce); err != nil {
		return "", apperr.Wrap(err, "blobstore: random nonce")
	}
	ref := hex.EncodeToString(name)
	sealed := s.aead.Seal(nonce, nonce, data, []byte(ref))
	path := s.path(ref)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", apperr.Wrap(err, "blobstore: create directory")
	}
	// Write then rename, so a reader never sees half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, sealed, 0o600); err != nil {
		return "", apperr.Wrap(err, "blobstore: write")
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", apperr.Wrap(err, "blobstore: write")
	}
	return ref, nil
}

// Get decrypts the blob ref. A missing blob is NotFound; a file that fails
// authentication (tampered, renamed, or another key) is an Internal error
// that says so.
func (s *FS) Get(_ context.Context, ref string) ([]byte, error) {
	if !validRef(ref) {
		return nil, apperr.New(apperr.Invalid, "blobstore: malformed reference")
	}
	sealed, err := os.ReadFile(s.path(ref))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, apperr.New(apperr.NotFound, "blobstore: no blob %s", ref)
	}
	if err != nil {
		return nil, apperr.Wrap(err, "blobstore: read %s", ref)
	}
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, apperr.New(apperr.Internal, "blobstore: blob %s is truncated", ref)
	}
	data, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(ref))
	if err != nil {
		return nil, apperr.New(apperr.Internal, "blobstore: blob %s failed authentication: tampered, misplaced or encrypted with another key", ref)
	}
	return data, nil
}

func (s *FS) path(ref string) string { return filepath.Join(s.dir, ref[:2], ref) }

// validRef accepts the 32 lower-case hex digits Put makes, which also
// keeps references from naming paths outside the directory.
func validRef(ref string) bool {
	if len(ref) != 32 {
		return false
	}
	for _, c := range ref {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
