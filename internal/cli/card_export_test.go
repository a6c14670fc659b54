package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/chip"
	"dancu/internal/pki"
	"dancu/internal/testtool"
)

// checkDemoCards exports a card the demo handed over and has it checked by
// tools we did not write: openssl verifies the chip's signature against
// the exported CSCA certificate, zbarimg decodes the QR code; our own
// verifier re-checks every data group hash.
//
// The export is given nothing but the data directory: the blob folder,
// its key (in the default keys folder) and the PKI are found from it. It
// returns the export folder.
func checkDemoCards(t *testing.T, data string) string {
	active := strings.Fields(mustRun(t, "card", "list", "--state", "active", "--data", data))
	if len(active) < 20 {
		t.Fatalf("the demo handed over %d cards, want at least 20 for 1,500 people", len(active))
	}
	out := filepath.Join(t.TempDir(), "card")
	listed := strings.Fields(mustRun(t, "card", "export", active[0], "--data", data, "--out", out))
	var names []string
	for _, p := range listed {
		names = append(names, filepath.Base(p))
	}
	want := []string{"DG1.bin", "DG13.bin", "DG2.bin", "EF.COM", "EF.SOD", "back.png", "card.pdf", "csca.pem", "ds.pem", "front.png", "mrz.txt", "qr.png", "qr.txt"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("card export wrote %v, want %v", names, want)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	files := map[string][]byte{}
	for _, name := range []string{chip.FileCOM, chip.FileSOD, "DG1.bin", "DG2.bin", "DG13.bin"} {
		files[name] = read(name)
	}
	img, err := chip.ImageFromFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	csca, err := pki.ParseCertificatePEM(read("csca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := chip.Verify(img, csca); err != nil {
		t.Fatalf("exported chip does not verify: %v\n%s", err, rep)
	}
	if !strings.Contains(string(read("mrz.txt")), active[0]) {
		t.Errorf("mrz.txt does not carry the card number:\n%s", read("mrz.txt"))
	}

	openssl := testtool.Need(t, "openssl", "apt-get install openssl")
	sod, err := chip.UnwrapSOD(files[chip.FileSOD])
	if err != nil {
		t.Fatal(err)
	}
	sodFile := filepath.Join(t.TempDir(), "sod.der")
	if err := os.WriteFile(sodFile, sod, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(openssl, "cms", "-verify", "-inform", "DER", "-in", sodFile, "-CAfile", filepath.Join(out, "csca.pem"),
		"-purpose", "any", "-binary", "-out", filepath.Join(t.TempDir(), "lds.der"))
	if msg, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(msg), "Verification successful") {
		t.Fatalf("openssl cms -verify: %v\n%s", err, msg)
	}

	pdftotext := testtool.Need(t, "pdftotext", "apt-get install poppler-utils")
	text, err := exec.Command(pdftotext, filepath.Join(out, "card.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if !strings.Contains(string(text), active[0]) || !strings.Contains(string(text), "CĂN CƯỚC") {
		t.Errorf("the card PDF's text lacks the number or the title:\n%s", text)
	}

	decoded, err := testtool.ReadQRFile(t, filepath.Join(out, "qr.png"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := []byte(decoded), read("qr.txt"); !bytes.Equal(got, want) {
		t.Errorf("QR decodes to %q, want %q", got, want)
	}
	return out
}
