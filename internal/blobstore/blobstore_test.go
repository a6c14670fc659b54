package blobstore

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// FS is the issuance package's capture store.
var _ issuance.BlobStore = (*FS)(nil)

var ctx = context.Background()

func newStore(t *testing.T) (*FS, string) {
	t.Helper()
	t.Setenv(KeyEnv, "") // the file decides, whatever the environment holds
	os.Unsetenv(KeyEnv)
	dir := t.TempDir()
	key, err := LoadKey(filepath.Join(dir, "key"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(filepath.Join(dir, "blobs"), key)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

func TestRoundTripAndEncryptionAtRest(t *testing.T) {
	s, _ := newStore(t)
	plain := []byte("FINGERPRINT-RIGHT-THUMB " + strings.Repeat("ridge ", 50))
	ref, err := s.Put(ctx, plain)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, ref)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("get = %q, %v", got, err)
	}
	onDisk, err := os.ReadFile(s.path(ref))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(onDisk, []byte("FINGERPRINT")) || bytes.Contains(onDisk, []byte("ridge")) {
		t.Error("the file on disk contains the plaintext")
	}
	if ref2, _ := s.Put(ctx, plain); ref2 == ref {
		t.Error("two puts of the same data share a name")
	}
}

func TestTamperedBlobFails(t *testing.T) {
	s, _ := newStore(t)
	ref, _ := s.Put(ctx, []byte("portrait"))
	path := s.path(ref)
	b, _ := os.ReadFile(path)
	b[len(b)-1] ^= 1
	os.WriteFile(path, b, 0o600)
	_, err := s.Get(ctx, ref)
	if err == nil || !strings.Contains(err.Error(), "failed authentication") {
		t.Errorf("tampered blob: %v", err)
	}
	// A valid file moved under another name fails too.
	other, _ := s.Put(ctx, []byte("signature"))
	good, _ := os.ReadFile(s.path(other))
	os.WriteFile(path, good, 0o600)
	if _, err := s.Get(ctx, ref); err == nil {
		t.Error("a blob renamed to another reference decrypted")
	}
}

func TestGetErrors(t *testing.T) {
	s, _ := newStore(t)
	if _, err := s.Get(ctx, strings.Repeat("a", 32)); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("missing: %v", err)
	}
	if _, err := s.Get(ctx, "../../etc/passwd"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("path in reference: %v", err)
	}
}

func TestKeyFile(t *testing.T) {
	os.Unsetenv(KeyEnv)
	path := filepath.Join(t.TempDir(), "sub", "blob.key")
	k1, err := LoadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, %v", info.Mode(), err)
	}
	if k2, _ := LoadKey(path); !bytes.Equal(k1, k2) {
		t.Error("the key changed on second load")
	}
	// With another key the blobs of the first cannot be read.
	s1, _ := New(t.TempDir(), k1)
	ref, _ := s1.Put(ctx, []byte("x"))
	k3 := bytes.Repeat([]byte{7}, KeySize)
	s2, _ := New(s1.dir, k3)
	if _, err := s2.Get(ctx, ref); err == nil {
		t.Error("decrypted with the wrong key")
	}
}

func TestKeyFromEnv(t *testing.T) {
	tests := []struct {
		value string
		ok    bool
	}{
		{strings.Repeat("ab", 32), true},
		{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", true},
		{"short", false},
	}
	for _, tt := range tests {
		t.Setenv(KeyEnv, tt.value)
		k, err := LoadKey(filepath.Join(t.TempDir(), "unused"))
		if (err == nil) != tt.ok || (tt.ok && len(k) != KeySize) {
			t.Errorf("%q: %d bytes, %v", tt.value, len(k), err)
		}
	}
}
