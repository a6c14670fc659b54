//go:build unix

package spill_test

import (
	"io"
	"testing"

	"dancu/internal/dedupe"
	"dancu/internal/spill"
)

// On Unix a scratch file maps read-only to the bytes written, and
// evicting its pages from the resident set loses nothing: they are read
// again from the file.
func TestScratchFileMapsWhatWasWritten(t *testing.T) {
	f, err := spill.Dir(t.TempDir()).Create()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mf, ok := f.(dedupe.MappableFile)
	if !ok {
		t.Fatalf("%T is not mappable", f)
	}
	const text = "Trần Thị Bích Ngọc|19850312|"
	for range 1000 { // more than a page
		if _, err := io.WriteString(f, text); err != nil {
			t.Fatal(err)
		}
	}
	b, err := mf.Map()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 1000*len(text) || string(b[999*len(text):]) != text {
		t.Fatalf("mapped %d bytes ending %q; want %d ending %q", len(b), b[max(len(b)-len(text), 0):], 1000*len(text), text)
	}
	if err := mf.Evict(); err != nil {
		t.Fatal(err)
	}
	if string(b[500*len(text):501*len(text)]) != text {
		t.Errorf("after Evict the mapping reads %q", b[500*len(text):501*len(text)])
	}
}
