package spill_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"dancu/internal/spill"
)

// A scratch file holds personal data: it is readable by its owner only,
// reads back what was written at any offset, and is gone once closed; the
// directory is created when missing.
func TestScratchFileIsPrivateAndRemovedOnClose(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	f, err := spill.Dir(dir).Create()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(f, "Nguyễn Văn Hùng|1990"); err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(dir)
	if err != nil || len(files) != 1 {
		t.Fatalf("scratch directory holds %v, %v; want one file", files, err)
	}
	info, err := files[0].Info()
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("scratch file mode %v, want 0600", mode)
	}
	buf := make([]byte, 4)
	if _, err := f.ReadAt(buf, int64(len("Nguyễn Văn Hùng|"))); err != nil || string(buf) != "1990" {
		t.Errorf("read back %q, %v; want 1990", buf, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("after Close the directory still holds %v", files)
	}
}
