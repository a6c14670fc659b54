package chip_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
	"time"

	"dancu/internal/card"
	"dancu/internal/chip"
	"dancu/internal/pdate"
	"dancu/internal/person"
	"dancu/internal/pki"
)

// fastKDF keeps tests quick; production uses pki.DefaultKDF.
var fastKDF = pki.KDFParams{Time: 1, Memory: 8 * 1024, Threads: 1}

var testNow = time.Date(2026, 5, 3, 9, 0, 0, 0, time.UTC)

// mustPKI returns a fresh CSCA and its Document Signer.
func mustPKI(tb testing.TB) (*pki.Authority, chip.Signer) {
	tb.Helper()
	a, err := pki.Init(pki.DirStore{Dir: tb.TempDir()}, []byte("correct horse battery"), pki.DefaultConfig(), fastKDF, testNow)
	if err != nil {
		tb.Fatal(err)
	}
	ds, err := a.DocumentSigner(testNow)
	if err != nil {
		tb.Fatal(err)
	}
	return a, chip.Signer(ds)
}

// sampleMRZ is the domain spec's synthetic example (§3.1).
var sampleMRZ = [3]string{
	"IDVNM2010123458001201012345<<9",
	"0105156M2605155VNM<<<<<<<<<<<6",
	"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
}

func mustJPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{R: uint8(x), G: 90, B: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func sampleCard(tb testing.TB) card.Card {
	tb.Helper()
	return card.Card{
		Number:            "001201012345",
		OldIDNumber:       "012345678",
		FullName:          "Nguyễn Văn An",
		BirthDate:         pdate.Full(2001, 5, 15),
		Sex:               person.Male,
		Nationality:       "Việt Nam",
		Ethnicity:         "Kinh",
		Religion:          "Không",
		BirthRegistration: "Phường Ba Đình, Thành phố Hà Nội",
		Hometown:          "Xã Đông Sơn, Tỉnh Thanh Hóa",
		Residence:         "Số 1 Phố Huế, Phường Hai Bà Trưng, Thành phố Hà Nội",
		IdentifyingMarks:  "Nốt ruồi C:1cm trên trước mép trái",
		FatherName:        "Nguyễn Văn Bình",
		MotherName:        "Trần Thị Cúc",
		Regime:            card.Regime2023,
		IssueDate:         pdate.Full(2024, 7, 1),
		ExpiryDate:        pdate.Full(2026, 5, 15),
		IssuedBy:          "Bộ Công an",
		Photo:             mustJPEG(tb, 96, 128),
	}
}

func mustBuild(tb testing.TB, c card.Card, s chip.Signer) chip.Image {
	tb.Helper()
	img, err := chip.Build(c, sampleMRZ, s, testNow)
	if err != nil {
		tb.Fatal(err)
	}
	return img
}
