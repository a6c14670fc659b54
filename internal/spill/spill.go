// Package spill is the adapter for the scratch files a streaming duplicate
// run sorts through (dedupe.Scratch): plain files in the data directory,
// readable by the owner only (they hold personal data), removed when closed.
package spill

import (
	"errors"
	"fmt"
	"os"

	"dancu/internal/dedupe"
)

// Dir creates scratch files in a directory.
type Dir string

// Create makes an empty scratch file (0600: os.CreateTemp's mode).
func (d Dir) Create() (dedupe.ScratchFile, error) {
	if err := os.MkdirAll(string(d), 0o700); err != nil {
		return nil, fmt.Errorf("scratch directory %s: %w", d, err)
	}
	f, err := os.CreateTemp(string(d), "dedupe-*.spill")
	if err != nil {
		return nil, fmt.Errorf("scratch file in %s: %w", d, err)
	}
	// Unlinked at once where the system allows it (Unix): the open file
	// stays readable and writable, and a run that is killed leaves no
	// personal data behind. Elsewhere it is removed on Close.
	removed := os.Remove(f.Name()) == nil
	return &file{File: f, removed: removed}, nil
}

type file struct {
	*os.File
	removed bool
	mapped  []byte // see Map (Unix)
}

func (f *file) Close() error {
	cerr := errors.Join(f.unmap(), f.File.Close())
	if !f.removed {
		if err := os.Remove(f.Name()); err != nil {
			return fmt.Errorf("remove scratch file: %w", err)
		}
	}
	return cerr
}
