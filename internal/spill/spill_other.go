//go:build !unix

package spill

// Elsewhere a scratch file is not mapped: dedupe reads it with ReadAt.
func (f *file) unmap() error { return nil }
