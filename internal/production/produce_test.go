package production

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"dancu/internal/card"
	"dancu/internal/chip"
	"dancu/internal/pdate"
	"dancu/internal/pki"
	"dancu/internal/registry"
	"dancu/internal/synthbio"
)

var (
	testKDF = pki.KDFParams{Time: 1, Memory: 8 * 1024, Threads: 1}
	issued  = time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))
)

func testAuthority(tb testing.TB) *pki.Authority {
	tb.Helper()
	a, err := pki.Init(pki.DirStore{Dir: tb.TempDir()}, []byte("a test passphrase"), pki.DefaultConfig(), testKDF, issued.Add(-time.Hour))
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func testCard(tb testing.TB) card.Card {
	tb.Helper()
	photo, err := synthbio.Photo(42)
	if err != nil {
		tb.Fatal(err)
	}
	return card.Card{
		Number: "042090000123", OldIDNumber: "183456789", FullName: "Nguyễn Thị Phương Thảo",
		BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Female, Nationality: "Việt Nam", Ethnicity: "Kinh", Religion: "Không",
		BirthRegistration: "Xã Kỳ Khang, Tỉnh Hà Tĩnh", Residence: "Thôn 3, Xã Kỳ Khang, Tỉnh Hà Tĩnh",
		FatherName: "Nguyễn Văn Hải", MotherName: "Trần Thị Lan", IssuedBy: "Bộ Công an", Photo: photo,
	}
}

func TestProduceMakesAVerifiableCard(t *testing.T) {
	a := testAuthority(t)
	ds, err := a.DocumentSigner(issued)
	if err != nil {
		t.Fatal(err)
	}
	c := testCard(t)
	if err := Dates(&c, issued); err != nil {
		t.Fatal(err)
	}
	// Born 1990-05-15, issued at 35: the next milestone is 40.
	if c.Regime != card.Regime2023 || c.IssueDate != pdate.Full(2026, 3, 2) || c.ExpiryDate != pdate.Full(2030, 5, 15) {
		t.Fatalf("dates: regime %s, issued %s, expires %s", c.Regime, c.IssueDate, c.ExpiryDate)
	}
	art, err := Produce(c, ds, issued)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := chip.VerifyAt(art.Chip, a.CSCA(), issued); err != nil || !rep.OK() {
		t.Fatalf("chip does not verify: %v %+v", err, rep.Failed())
	}
	if !strings.HasPrefix(art.MRZ[0], "IDVNM090000123") || !strings.Contains(art.MRZ[0], "042090000123") {
		t.Errorf("MRZ line 1 = %q", art.MRZ[0])
	}
	if !strings.HasPrefix(art.QRPayload, "042090000123|183456789|Nguyễn Thị Phương Thảo|15051990|Nữ|") {
		t.Errorf("QR payload = %q", art.QRPayload)
	}
	files := art.Files()
	for _, name := range []string{"EF.COM", "EF.SOD", "DG1.bin", "DG2.bin", "DG13.bin", "mrz.txt", "qr.txt", "qr.png", "front.png", "back.png"} {
		if len(files[name]) == 0 {
			t.Errorf("%s is missing or empty", name)
		}
	}
	for _, name := range []string{"qr.png", "front.png", "back.png"} {
		if _, err := png.Decode(bytes.NewReader(files[name])); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestProduceRefusesAnIncompleteCard(t *testing.T) {
	ds, err := testAuthority(t).DocumentSigner(issued)
	if err != nil {
		t.Fatal(err)
	}
	c := testCard(t)
	c.Number = "12345"
	if _, err := Produce(c, ds, issued); err == nil || !strings.Contains(err.Error(), "12345") {
		t.Errorf("a 5-digit card number: %v", err)
	}
}

// BenchmarkProduce is one whole card: MRZ, QR payload and PNG, chip image
// with a signed EF.SOD, and both faces as PNG.
func BenchmarkProduce(b *testing.B) {
	ds, err := testAuthority(b).DocumentSigner(issued)
	if err != nil {
		b.Fatal(err)
	}
	c := testCard(b)
	if err := Dates(&c, issued); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Produce(c, ds, issued); err != nil {
			b.Fatal(err)
		}
	}
}
