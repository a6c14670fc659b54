// Package spill is the adapter for the scratch files a streaming duplicate
// run sorts through (dedupe.Scratch): plain files in the data directory,
// readable by the owner only (they hold personal data), removed when closed.
package spill

import (
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
	return file{f}, nil
}

// file removes itself on Close, so a run leaves nothing behind; a crashed
// run leaves its dedupe-*.spill files, which the next run does not read.
type file struct{ *os.File }

func (f file) Close() error {
	cerr := f.File.Close()
	if err := os.Remove(f.Name()); err != nil {
		return fmt.Errorf("remove scratch file: %w", err)
	}
	return cerr
}
