package dedupe

import "io"

// Scratch makes the temporary files a full run spills to, so that its
// memory grows with the largest block instead of with the register. The
// adapter (internal/spill) puts them in the data directory, readable by
// the owner only, and removes them on Close.
type Scratch interface {
	Create() (ScratchFile, error)
}

// ScratchFile is written front to back, then read at offsets (by several
// goroutines at once). Close removes it.
type ScratchFile interface {
	io.Writer
	io.ReaderAt
	Close() error
}
