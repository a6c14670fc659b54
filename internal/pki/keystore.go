package pki

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// KeyStore holds named blobs. Implementations need not encrypt:
// SealedStore does that on top of any KeyStore.
type KeyStore interface {
	Get(name string) ([]byte, error) // ErrNotFound when absent
	Put(name string, blob []byte) error
}

// ErrNotFound is returned by KeyStore.Get for a missing name.
var ErrNotFound = errors.New("pki: not found in key store")

// validName keeps blob names usable as file names on any system and free
// of path separators.
var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// DirStore keeps each blob in a file of mode 0600 in one directory (0700).
type DirStore struct {
	Dir string
}

// Get reads the blob name.
func (d DirStore) Get(name string) ([]byte, error) {
	if !validName.MatchString(name) {
		return nil, fmt.Errorf("pki: invalid key store name %q", name)
	}
	b, err := os.ReadFile(filepath.Join(d.Dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	if err != nil {
		return nil, fmt.Errorf("pki: reading %s: %w", name, err)
	}
	return b, nil
}

// Put writes the blob atomically (temporary file, fsync, rename), so a
// crash never leaves half a key.
func (d DirStore) Put(name string, blob []byte) error {
	if !validName.MatchString(name) {
		return fmt.Errorf("pki: invalid key store name %q", name)
	}
	if err := os.MkdirAll(d.Dir, 0o700); err != nil {
		return fmt.Errorf("pki: creating key store directory: %w", err)
	}
	f, err := os.CreateTemp(d.Dir, ".tmp-"+name+"-*")
	if err != nil {
		return fmt.Errorf("pki: writing %s: %w", name, err)
	}
	defer os.Remove(f.Name()) // no-op after the rename
	if err := writeSync(f, blob); err != nil {
		return fmt.Errorf("pki: writing %s: %w", name, err)
	}
	if err := os.Rename(f.Name(), filepath.Join(d.Dir, name)); err != nil {
		return fmt.Errorf("pki: writing %s: %w", name, err)
	}
	return nil
}

// writeSync writes blob to f (created 0600 by os.CreateTemp), syncs and
// closes it.
func writeSync(f *os.File, blob []byte) error {
	_, err := f.Write(blob)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
