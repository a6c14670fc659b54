package chip_test

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"

	"dancu/internal/card"
	"dancu/internal/chip"
	"dancu/internal/pdate"
	"dancu/internal/person"
)

func TestDG1(t *testing.T) {
	b, err := chip.EncodeDG1(sampleMRZ)
	if err != nil {
		t.Fatal(err)
	}
	if want := "615D5F1F5A"; strings.ToUpper(hex.EncodeToString(b[:5])) != want {
		t.Errorf("header % X, want %s", b[:5], want)
	}
	got, err := chip.ParseDG1(b)
	if err != nil || got != sampleMRZ {
		t.Errorf("ParseDG1 = %q, %v", got, err)
	}
	for _, tc := range []struct {
		name string
		mrz  [3]string
	}{
		{"short line", [3]string{sampleMRZ[0][:29], sampleMRZ[1], sampleMRZ[2]}},
		{"lower case", [3]string{sampleMRZ[0], sampleMRZ[1], strings.ToLower(sampleMRZ[2])}},
		{"diacritic", [3]string{sampleMRZ[0], sampleMRZ[1], "NGUYỄN<<VAN<AN<<<<<<<<<<<<<<"}},
	} {
		if _, err := chip.EncodeDG1(tc.mrz); err == nil {
			t.Errorf("%s: EncodeDG1 accepted %q", tc.name, tc.mrz)
		}
	}
	for _, bad := range [][]byte{nil, {0x61}, {0x61, 0x03, 0x5F, 0x1F, 0x00}, {0x62, 0x00}, append(bytes.Clone(b), 0)} {
		if _, err := chip.ParseDG1(bad); err == nil {
			t.Errorf("ParseDG1(% X) accepted", bad)
		}
	}
}

func TestCOM(t *testing.T) {
	b, err := chip.EncodeCOM([]int{13, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	// 60 { 5F01 "0107", 5F36 "040000", 5C 61 75 6D }
	want := "60155F0104303130375F36063034303030305C0361756D"
	if got := strings.ToUpper(hex.EncodeToString(b)); got != want {
		t.Errorf("EF.COM %s, want %s", got, want)
	}
	com, err := chip.ParseCOM(b)
	if err != nil || com.LDSVersion != "0107" || com.UnicodeVersion != "040000" || !reflect.DeepEqual(com.DataGroups, []int{1, 2, 13}) {
		t.Errorf("ParseCOM = %+v, %v", com, err)
	}
	if _, err := chip.EncodeCOM([]int{17}); err == nil {
		t.Error("EncodeCOM accepted DG17")
	}
	if _, err := chip.ParseCOM([]byte{0x60, 0x03, 0x5C, 0x01, 0x99}); err == nil {
		t.Error("ParseCOM accepted a tag list with 99 and no versions")
	}
}

func TestDG13FromCard(t *testing.T) {
	full := sampleCard(t)
	minimal := card.Card{Number: "079301000001", FullName: "Lê Thị Ngọc", BirthDate: pdate.Date{Year: 1950},
		Sex: person.Female, Regime: card.Regime2014, Hometown: "Huế", MotherName: "Lê Thị Hoa",
		IssueDate: pdate.Full(2021, 3, 1)}
	for _, tc := range []struct {
		name string
		c    card.Card
		want chip.PersonalData
	}{
		{"full 2023 card", full, chip.PersonalData{
			Number: "001201012345", FullName: "Nguyễn Văn An", BirthDate: "15/05/2001", Sex: "Nam",
			Nationality: "Việt Nam", Ethnicity: "Kinh", Religion: "Không",
			PlaceOfOrigin: full.BirthRegistration, Residence: full.Residence, IdentifyingMarks: full.IdentifyingMarks,
			IssueDate: "01/07/2024", ExpiryDate: "15/05/2026", FatherName: "Nguyễn Văn Bình", MotherName: "Trần Thị Cúc",
			OtherDocument: "012345678"}},
		{"2014 card, absent fields, year-only birth, no expiry", minimal, chip.PersonalData{
			Number: "079301000001", FullName: "Lê Thị Ngọc", BirthDate: "00/00/1950", Sex: "Nữ", PlaceOfOrigin: "Huế",
			IssueDate: "01/03/2021", MotherName: "Lê Thị Hoa"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := chip.PersonalDataFromCard(tc.c)
			if !reflect.DeepEqual(d, tc.want) {
				t.Fatalf("PersonalDataFromCard =\n%+v\nwant\n%+v", d, tc.want)
			}
			b, err := d.Encode()
			if err != nil {
				t.Fatal(err)
			}
			back, err := chip.ParseDG13(b)
			if err != nil || !reflect.DeepEqual(back, d) {
				t.Errorf("ParseDG13 = %+v, %v", back, err)
			}
		})
	}
}

func TestDG13Encoding(t *testing.T) {
	b, err := chip.PersonalData{Sex: "Nữ", SpouseName: "An"}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	// 6D { SEQ { INT 1, OID 1.0.10646.1.0.8, SET { SEQ { INT 4, UTF8 "Nữ" },
	//      SEQ { INT 14, SEQ { UTF8 "An" } } } } }
	want := "6d25" + "3023" + "020101" + "060628d316010008" + "3116" + "3009" + "020104" + "0c044ee1bbaf" + "3009" + "02010e" + "3004" + "0c02416e"
	if got := hex.EncodeToString(b); got != want {
		t.Errorf("DG13\n got %s\nwant %s", got, want)
	}
}

func TestParseDG13Errors(t *testing.T) {
	const utf8OID = "060628d316010008"
	field := func(no, value string) string { return tlv("30", "0201"+no+value) }
	file := func(version, oid string, fields ...string) string {
		return tlv("6d", tlv("30", "0201"+version+oid+tlv("31", strings.Join(fields, ""))))
	}
	name := tlv("0c", "416e") // UTF8String "An"
	for _, tc := range []struct {
		name, hex string
		wantErr   string
	}{
		{"valid", file("01", utf8OID, field("02", name)), ""},
		{"wrong tag", "6e00", "6D"},
		{"version 2", file("02", utf8OID), "version 2"},
		{"other charset", file("01", "06032b0601"), "character set"},
		{"duplicate field", file("01", utf8OID, field("02", name), field("02", name)), "twice"},
		{"field 0", file("01", utf8OID, field("00", name)), "out of range"},
		{"integer value", file("01", utf8OID, field("02", "020101")), "UTF8String"},
		{"invalid UTF-8", file("01", utf8OID, field("02", tlv("0c", "ff"))), "UTF8String"},
		{"three parents", file("01", utf8OID, field("0d", tlv("30", name+name+name))), "more than 2"},
		{"trailing byte", file("01", utf8OID) + "00", "6D"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := hex.DecodeString(tc.hex)
			if err != nil {
				t.Fatal(err)
			}
			_, err = chip.ParseDG13(b)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("err = %v, want it to mention %q", err, tc.wantErr)
			}
		})
	}
}

// tlv builds a short-form TLV in hex.
func tlv(tag, valueHex string) string {
	return tag + hex.EncodeToString([]byte{byte(len(valueHex) / 2)}) + valueHex
}

func TestDG2(t *testing.T) {
	photo := mustJPEG(t, 120, 160)
	b, err := chip.EncodeDG2(photo, person.Female)
	if err != nil {
		t.Fatal(err)
	}
	got, err := chip.ParseDG2(b)
	if err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("ParseDG2: %d bytes, %v", len(got), err)
	}
	// The 19794-5 image information declares 120×160.
	i := bytes.Index(b, []byte("FAC\x00010\x00"))
	if w, h := b[i+14+20+2:i+14+20+4], b[i+14+20+4:i+14+20+6]; !bytes.Equal(w, []byte{0, 120}) || !bytes.Equal(h, []byte{0, 160}) {
		t.Errorf("width % X height % X", w, h)
	}
	if gender := b[i+14+6]; gender != 2 {
		t.Errorf("gender %d, want 2 (female)", gender)
	}
	if _, err := chip.EncodeDG2([]byte("not a jpeg"), person.Male); err == nil {
		t.Error("EncodeDG2 accepted a non-JPEG photo")
	}
}
