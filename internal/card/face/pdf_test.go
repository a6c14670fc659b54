package face

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/testtool"
)

func TestPDFEmbedsFontsAndHasTwoCardPages(t *testing.T) {
	f := longCard(t)
	data, err := PDF(f.card, f.mrz, f.qr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("output starts with %q, want %%PDF-", data[:min(8, len(data))])
	}
	// fpdf embeds TrueType programs as /FontFile2 (uncompressed dictionaries).
	if n := bytes.Count(data, []byte("/FontFile2")); n != len(pdfFamily) {
		t.Errorf("%d embedded TrueType fonts, want %d", n, len(pdfFamily))
	}
	if n := bytes.Count(data, []byte("/Type /Page\n")); n != 2 {
		t.Errorf("%d pages, want 2", n)
	}
	if !bytes.Contains(data, []byte("[0 0 242.65 153.01]")) {
		t.Error("no ID-1 MediaBox (242.65 × 153.01 pt)")
	}
}

// With poppler-utils, check what a reader sees: the fonts are embedded
// and the Vietnamese text extracts exactly.
func TestPDFTextExtractsExactly(t *testing.T) {
	pdftotext, pdffonts := testtool.Need(t, "pdftotext", "apt-get install poppler-utils"), testtool.Need(t, "pdffonts", "apt-get install poppler-utils")
	f := longCard(t)
	data, err := PDF(f.card, f.mrz, f.qr)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "card.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"NGUYỄN THỊ PHƯƠNG THẢO ĐẶNG", f.card.Residence, f.card.BirthRegistration,
		"001201012345", "15/05/2001", "Nữ", "Việt Nam", "Nơi cấp: Bộ Công an",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CĂN CƯỚC", f.mrz[0], f.mrz[1], f.mrz[2],
	} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text lacks %q\n%s", want, text)
		}
	}
	fonts, err := exec.Command(pdffonts, file).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	for _, line := range strings.Split(string(fonts), "\n")[2:] {
		if fields := strings.Fields(line); len(fields) > 0 && (!strings.Contains(fields[0], "dejavu") && !strings.Contains(fields[0], "ocrb") || !strings.Contains(line, " yes ")) {
			t.Errorf("font not embedded DejaVu or OCR-B: %s", line)
		}
	}
}
