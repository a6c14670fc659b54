//go:build unix

package spill

import (
	"fmt"
	"syscall"

	"dancu/internal/dedupe"
)

// Map maps the file read-only (dedupe.MappableFile). Its pages are the
// system's file cache: clean, so the system can drop them under memory
// pressure and read them again, but they count in the process's resident
// memory while mapped and touched.
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
