package spill_test

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"dancu/internal/spill"
)

// A scratch file holds personal data: it is readable by its owner only
// while it has a name, reads back what was written at any offset, and is
// gone once closed (on Unix as soon as it is made, so a killed run leaves
// nothing); the directory is created when missing.
func TestScratchFileIsPrivateAndRemovedOnClose(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	f, err := spill.Dir(dir).Create()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(f, "Nguyễn Văn Hùng|1990"); err != nil {
		t.Fatal(err)
	}
	if info, err := f.(interface{ Stat() (os.FileInfo, error) }).Stat(); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("scratch file: %v, %v; want mode 0600", info, err)
	}
	if files, _ := os.ReadDir(dir); runtime.GOOS != "windows" && len(files) != 0 {
		t.Errorf("an open scratch file has a name on Unix: %v", files)
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
