package chip_test

import (
	"bytes"
	"reflect"
	"testing"

	"dancu/internal/chip"
)

// The parsers read files from chips nobody vouches for yet (verification
// runs after parsing), so they must never panic, and whatever they accept
// must re-encode to something they read back the same.

func FuzzParseDG1(f *testing.F) {
	valid, _ := chip.EncodeDG1(sampleMRZ)
	f.Add(valid)
	f.Add([]byte{0x61, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		mrz, err := chip.ParseDG1(b)
		if err != nil {
			return
		}
		again, err := chip.EncodeDG1(mrz)
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("accepted % X but re-encodes to % X (%v)", b, again, err)
		}
	})
}

func FuzzParseCOM(f *testing.F) {
	valid, _ := chip.EncodeCOM([]int{1, 2, 13})
	f.Add(valid)
	f.Add([]byte{0x60, 0x03, 0x5C, 0x01, 0x61})
	f.Fuzz(func(t *testing.T, b []byte) {
		com, err := chip.ParseCOM(b)
		if err != nil {
			return
		}
		if _, err := chip.EncodeCOM(com.DataGroups); err != nil {
			t.Fatalf("accepted data groups %v that do not encode: %v", com.DataGroups, err)
		}
	})
}

func FuzzParseDG13(f *testing.F) {
	full, _ := chip.PersonalDataFromCard(sampleCard(f)).Encode()
	f.Add(full)
	small, _ := chip.PersonalData{FatherName: "Bình", Unknown: map[int][]byte{16: {0x04, 0x01, 0xAB}}}.Encode()
	f.Add(small)
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := chip.ParseDG13(b)
		if err != nil {
			return
		}
		again, err := d.Encode()
		if err != nil {
			t.Fatalf("accepted %+v that does not encode: %v", d, err)
		}
		back, err := chip.ParseDG13(again)
		if err != nil || !reflect.DeepEqual(back, d) {
			t.Fatalf("re-encoding changed %+v into %+v (%v)", d, back, err)
		}
	})
}

func FuzzParseDG2(f *testing.F) {
	valid, _ := chip.EncodeDG2(mustJPEG(f, 8, 8), "M")
	f.Add(valid)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = chip.ParseDG2(b) // must not panic
	})
}

func FuzzParseSOD(f *testing.F) {
	_, ds := mustPKI(f)
	img, err := chip.Build(sampleCard(f), sampleMRZ, ds, testNow)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(img.SOD)
	f.Fuzz(func(t *testing.T, b []byte) {
		sod, err := chip.ParseSOD(b)
		if err != nil {
			return
		}
		if len(sod.Content.Hashes) < 2 || sod.Signer.Signature == nil {
			t.Fatalf("accepted an SOD with %d hashes and signature %x", len(sod.Content.Hashes), sod.Signer.Signature)
		}
	})
}
