package chip_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/chip"
	"dancu/internal/testtool"
)

// TestOpenSSLVerifiesSOD is the third-party check: openssl verifies the
// SOD's CMS signature and chain to the CSCA, and its own ASN.1 dump of the
// signed content lists the SHA-256 of each data group file.
func TestOpenSSLVerifiesSOD(t *testing.T) {
	openssl := testtool.Need(t, "openssl", "apt-get install openssl")
	a, ds := mustPKI(t)
	img := mustBuild(t, sampleCard(t), ds)
	dir := t.TempDir()
	for name, b := range img.Files() {
		writeFile(t, dir, name, b)
	}
	writeFile(t, dir, "csca.pem", a.CSCAPEM())
	ci, err := chip.UnwrapSOD(img.SOD)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "sod.der", ci)

	// -purpose any: the DS certificate has no S/MIME extended key usage,
	// and openssl's default purpose (smimesign) is about e-mail.
	// -binary: the eContent is DER, not MIME text to canonicalise.
	for _, purpose := range [][]string{{"-purpose", "any"}, nil} {
		args := append([]string{"cms", "-verify", "-inform", "DER", "-in", "sod.der", "-CAfile", "csca.pem",
			"-binary", "-out", "lds.der"}, purpose...)
		if out, err := run(dir, openssl, args...); err != nil || !strings.Contains(out, "Verification successful") {
			t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	lds, err := os.ReadFile(filepath.Join(dir, "lds.der"))
	if err != nil {
		t.Fatal(err)
	}
	dump, err := run(dir, openssl, "asn1parse", "-inform", "DER", "-in", "lds.der")
	if err != nil {
		t.Fatalf("openssl asn1parse: %v\n%s", err, dump)
	}
	for _, name := range []string{"DG1.bin", "DG2.bin", "DG13.bin"} {
		file, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(file)
		if !strings.Contains(dump, "[HEX DUMP]:"+strings.ToUpper(hex.EncodeToString(sum[:]))) {
			t.Errorf("openssl's dump of the LDSSecurityObject lacks the SHA-256 of %s\n%s", name, dump)
		}
	}
	if _, err := chip.ParseLDSSecurityObject(lds); err != nil {
		t.Errorf("content openssl extracted: %v", err)
	}

	// The same files with one DG13 byte changed: openssl still accepts
	// the SOD (it signs hashes, not files), our verifier names DG13.
	img.DataGroups[chip.DG13][10] ^= 0x20
	report, err := chip.VerifyAt(img, a.CSCA(), testNow.Add(time.Minute))
	if c, _ := report.Find(chip.HashCheckName(chip.DG13)); err == nil || c.Err == nil {
		t.Errorf("tampered DG13 passed verification:\n%s", report)
	}
}

func TestOpenSSLRejectsAlteredSOD(t *testing.T) {
	openssl := testtool.Need(t, "openssl", "apt-get install openssl")
	a, ds := mustPKI(t)
	img := mustBuild(t, sampleCard(t), ds)
	ci, err := chip.UnwrapSOD(img.SOD)
	if err != nil {
		t.Fatal(err)
	}
	// Change one hash byte inside the signed content.
	i := bytes.Index(ci, sha256Of(img.DataGroups[chip.DG1]))
	if i < 0 {
		t.Fatal("DG1 hash not found in the SOD")
	}
	ci[i] ^= 1
	dir := t.TempDir()
	writeFile(t, dir, "sod.der", ci)
	writeFile(t, dir, "csca.pem", a.CSCAPEM())
	out, err := run(dir, openssl, "cms", "-verify", "-inform", "DER", "-in", "sod.der", "-CAfile", "csca.pem",
		"-purpose", "any", "-binary", "-out", "lds.der")
	if err == nil {
		t.Fatalf("openssl verified an altered SOD:\n%s", out)
	}
}

func sha256Of(b []byte) []byte {
	sum := sha256.Sum256(b)
	return sum[:]
}

func run(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func writeFile(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
		t.Fatal(err)
	}
}
