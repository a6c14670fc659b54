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

// MappableFile is a ScratchFile the system can map into memory once it is
// written. Pass 2 reads a record once for every block it shares (nine
// times a record at a million): read in place, a record costs no system
// call, no copy and no allocation, where pread and the copy were more of
// pass 2 than the scoring. A file that cannot be mapped is read with
// ReadAt.
type MappableFile interface {
	ScratchFile
	// Map returns the bytes written so far, read-only, valid until Close.
	// Nothing may write to the file while it is mapped.
	Map() ([]byte, error)
}
