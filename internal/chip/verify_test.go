package chip_test

import (
	"bytes"
	"crypto/x509"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"dancu/internal/chip"
)

func TestVerifyAcceptsBuiltImage(t *testing.T) {
	a, ds := mustPKI(t)
	for _, tc := range []struct {
		name   string
		photo  bool
		groups []int
	}{
		{"with photo", true, []int{1, 2, 13}},
		{"without photo (under 6)", false, []int{1, 13}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sampleCard(t)
			if !tc.photo {
				c.Photo = nil
			}
			img := mustBuild(t, c, ds)
			report, err := chip.VerifyAt(img, a.CSCA(), testNow.Add(time.Hour))
			if err != nil {
				t.Fatalf("VerifyAt: %v\n%s", err, report)
			}
			for _, n := range tc.groups {
				if c, ok := report.Find(chip.HashCheckName(n)); !ok || c.Err != nil {
					t.Errorf("%s: %v, %v", chip.HashCheckName(n), ok, c.Err)
				}
			}
			if got := len(img.DataGroups); got != len(tc.groups) {
				t.Errorf("%d data groups, want %d", got, len(tc.groups))
			}
		})
	}
}

func TestVerifyNamesTheFailedCheck(t *testing.T) {
	a, ds := mustPKI(t)
	other, _ := mustPKI(t)
	img := mustBuild(t, sampleCard(t), ds)
	at := testNow.Add(time.Hour)

	for _, tc := range []struct {
		name   string
		tamper func(img *chip.Image)
		csca   *x509.Certificate
		at     time.Time
		want   []string // names of the checks that must fail, in report order
	}{
		{"DG1 byte changed", flipLastByte(1), a.CSCA(), at, []string{chip.HashCheckName(1)}},
		{"DG2 byte changed", flipLastByte(2), a.CSCA(), at, []string{chip.HashCheckName(2)}},
		{"DG13 byte changed", flipLastByte(13), a.CSCA(), at, []string{chip.HashCheckName(13)}},
		{"unsigned DG added", func(img *chip.Image) { img.DataGroups[15] = []byte{0x6F, 0} }, a.CSCA(), at,
			[]string{chip.HashCheckName(15), chip.CheckCOM}},
		{"signature altered", func(img *chip.Image) { img.SOD[len(img.SOD)-1] ^= 1 }, a.CSCA(), at, []string{chip.CheckSODSignature}},
		{"foreign CSCA", nil, other.CSCA(), at, []string{chip.CheckDSIssuer}},
		{"DS expired", nil, a.CSCA(), testNow.AddDate(27, 0, 0) /* after the DS, before the CSCA */, []string{chip.CheckDSValidity}},
		{"EF.COM altered", func(img *chip.Image) { img.COM, _ = chip.EncodeCOM([]int{1, 13}) }, a.CSCA(), at, []string{chip.CheckCOM}},
		{"SOD truncated", func(img *chip.Image) { img.SOD = img.SOD[:100] }, a.CSCA(), at, []string{chip.CheckSODStructure}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tampered := cloneImage(img)
			if tc.tamper != nil {
				tc.tamper(&tampered)
			}
			report, err := chip.VerifyAt(tampered, tc.csca, tc.at)
			if !errors.Is(err, chip.ErrVerification) {
				t.Fatalf("err = %v, want ErrVerification", err)
			}
			var failed []string
			for _, c := range report.Failed() {
				failed = append(failed, c.Name)
			}
			if !slices.Equal(failed, tc.want) {
				t.Fatalf("failed checks %q, want %q\n%s", failed, tc.want, report)
			}
		})
	}
}

func flipLastByte(dg int) func(img *chip.Image) {
	return func(img *chip.Image) {
		b := img.DataGroups[dg]
		b[len(b)-1] ^= 0x01
	}
}

func cloneImage(img chip.Image) chip.Image {
	out := chip.Image{COM: bytes.Clone(img.COM), SOD: bytes.Clone(img.SOD), DataGroups: map[int][]byte{}}
	for n, b := range maps.All(img.DataGroups) {
		out.DataGroups[n] = bytes.Clone(b)
	}
	return out
}

func TestFilesRoundTrip(t *testing.T) {
	_, ds := mustPKI(t)
	img := mustBuild(t, sampleCard(t), ds)
	files := img.Files()
	for _, name := range []string{"EF.COM", "DG1.bin", "DG2.bin", "DG13.bin", "EF.SOD"} {
		if len(files[name]) == 0 {
			t.Errorf("file %s missing", name)
		}
	}
	back, err := chip.ImageFromFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(back.Files(), files, bytes.Equal) {
		t.Error("ImageFromFiles(Files()) differs")
	}
	for _, bad := range []string{"DG01.bin", "DG17.bin", "DG1.txt", "photo.jpg"} {
		if _, err := chip.ImageFromFiles(map[string][]byte{bad: {1}}); err == nil {
			t.Errorf("ImageFromFiles accepted %q", bad)
		}
	}
}
