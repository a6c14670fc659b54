//go:build unix

package spill

import (
	"fmt"
	"syscall"

	"dancu/internal/dedupe"
)

// Map maps the file read-only (dedupe.MappableFile). Its pages are the
// system's file cache: they count in the process's resident memory only
// while mapped and touched, and Evict gives them back.
func (f *file) Map() ([]byte, error) {
	if f.mapped != nil {
		return f.mapped, nil
	}
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("map scratch file: %w", err)
	}
	if info.Size() == 0 {
		return nil, nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(info.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("map scratch file: %w", err)
	}
	f.mapped = b
	return b, nil
}

// Evict drops the mapped pages from the process's resident set
// (MADV_DONTNEED: for a file mapping the data stays in the file).
func (f *file) Evict() error {
	if f.mapped == nil {
		return nil
	}
	if err := syscall.Madvise(f.mapped, syscall.MADV_DONTNEED); err != nil {
		return fmt.Errorf("evict scratch file pages: %w", err)
	}
	return nil
}

func (f *file) unmap() error {
	if f.mapped == nil {
		return nil
	}
	b := f.mapped
	f.mapped = nil
	if err := syscall.Munmap(b); err != nil {
		return fmt.Errorf("unmap scratch file: %w", err)
	}
	return nil
}

var _ dedupe.MappableFile = (*file)(nil)
