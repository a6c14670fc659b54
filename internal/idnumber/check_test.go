package idnumber

import (
	"slices"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name     string
		number   string
		year     int
		sex      Sex
		province string
		want     []string
	}{
		{"all match", "087084000999", 1984, Male, "087", nil},
		{"all unknown", "087084000999", 0, 0, "", nil},
		{"2000s female matches", "001301012345", 2001, Female, "001", nil},
		{"wrong year", "087084000999", 1985, Male, "087", []string{CodeBirthYearMismatch}},
		{"wrong sex", "087084000999", 1984, Female, "087", []string{CodeSexMismatch}},
		// 2084 would need digit 2: same YY, wrong century.
		{"wrong century", "087084000999", 2084, Male, "087", []string{CodeBirthYearMismatch}},
		// Digit 3 = 2000s female; record says male born 1901.
		{"wrong century and sex", "001301012345", 1901, Male, "", []string{CodeBirthYearMismatch, CodeSexMismatch}},
		{"year not encodable", "001001012345", 1899, 0, "", []string{CodeBirthYearMismatch}},
		{"unknown prefix", "999084123456", 1984, Male, "", []string{CodeUnknownPrefix}},
		{"unknown prefix vs known province", "999084123456", 1984, Male, "087", []string{CodeUnknownPrefix, CodeProvinceMismatch}},
		{"province mismatch", "087084000999", 1984, Male, "001", []string{CodeProvinceMismatch}},
		// 082 was Tiền Giang; after 2025 GSO "82" means Đồng Tháp. The ID prefix keeps the old meaning.
		{"post-2025 code confusion", "087084000999", 1984, Male, "082", []string{CodeProvinceMismatch}},
		{"invalid format", "87084000999", 1984, Male, "087", []string{CodeInvalidFormat}},
		{"serial zero", "087084000000", 1984, Male, "087", []string{CodeInvalidFormat}},
		{"unknown sex value ignored", "087084000999", 1984, Sex(9), "087", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := Check(tc.number, tc.year, tc.sex, tc.province)
			var codes []string
			for _, w := range ws {
				codes = append(codes, w.Code)
				if w.Field == "" || w.Message == "" || w.MessageVI == "" {
					t.Errorf("incomplete warning %+v", w)
				}
			}
			if !slices.Equal(codes, tc.want) {
				t.Errorf("codes = %v, want %v", codes, tc.want)
			}
		})
	}
}

func TestCheckMessages(t *testing.T) {
	ws := Check("087084000999", 1985, Female, "001")
	want := []Warning{
		{CodeProvinceMismatch, "birth_province",
			"ID number prefix 087 (Đồng Tháp) differs from the birth-registration province 001 (Hà Nội)",
			"Mã 087 (Đồng Tháp) trong số định danh khác mã nơi đăng ký khai sinh 001 (Hà Nội)"},
		{CodeBirthYearMismatch, "birth_year",
			"ID number encodes birth year 1984 but the record says 1985",
			"Số định danh mã hóa năm sinh 1984 nhưng hồ sơ ghi 1985"},
		{CodeSexMismatch, "sex",
			"ID number encodes sex male but the record says female",
			"Số định danh mã hóa giới tính Nam nhưng hồ sơ ghi Nữ"},
	}
	if !slices.Equal(ws, want) {
		t.Errorf("Check = %#v\nwant %#v", ws, want)
	}
}
