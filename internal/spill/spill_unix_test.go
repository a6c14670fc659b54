//go:build unix

package spill_test

import (
	"io"
	"testing"

	"dancu/internal/dedupe"
	"dancu/internal/spill"
)

// On Unix a scratch file maps read-only to the bytes written, and
// closes with its mapping.
func TestScratchFileMapsWhatWasWritten(t *testing.T) {
	f, err := spill.Dir(t.TempDir()).Create()
	if err != nil {
		t.Fatal(err)
	}
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
	if err := f.Close(); err != nil { // unmaps
		t.Fatal(err)
	}
}
