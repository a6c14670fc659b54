package face

import (
	"image"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteSamples writes the fixtures' two sides as PNG into the
// directory named by FACE_SAMPLES, for eyeballing; skipped otherwise.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("FACE_SAMPLES")
	if dir == "" {
		t.Skip("set FACE_SAMPLES=dir to write sample renders")
	}
	fixtures := map[string]cardFixture{"2023": longCard(t), "2014": regime2014Card(t), "child": childCard(t)}
	for name, f := range fixtures {
		front, back, err := Render(f.card, f.mrz, f.qr)
		if err != nil {
			t.Fatal(err)
		}
		for side, img := range map[string]image.Image{"front": front, "back": back} {
			b, err := PNG(img)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+"-"+side+".png"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestWriteSamplePDF(t *testing.T) {
	dir := os.Getenv("FACE_SAMPLES")
	if dir == "" {
		t.Skip("set FACE_SAMPLES=dir to write sample renders")
	}
	f := longCard(t)
	b, err := PDF(f.card, f.mrz, f.qr)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "2023.pdf"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
