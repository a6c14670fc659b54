package registry

import (
	"strings"
	"testing"
	"time"

	"dancu/internal/dc01"
	"dancu/internal/units"
)

func converter(asOf string) *Converter {
	t, _ := time.Parse(time.DateOnly, asOf)
	return &Converter{Units: units.Default(), AsOf: t}
}

func row(kv ...string) *dc01.Row {
	r := &dc01.Row{Line: 2}
	r.Set("record_ref", "R1")
	r.Set("full_name", "Nguyễn Văn An")
	r.Set("birth_date", "1990-05-15")
	r.Set("sex", "M")
	r.Set("permanent_commune", "18073")
	for i := 0; i+1 < len(kv); i += 2 {
		r.Set(kv[i], kv[i+1])
	}
	return r
}

func TestConvertValidRow(t *testing.T) {
	c := converter("2026-01-01").Convert(row("id_number", "042090000123", "ethnicity", "Khơ me", "religion", "Phật giáo",
		"relation_to_head", "chủ hộ", "marital_status", "đã kết hôn", "phone", "+84 912 345 678", "blood_type", "ab", "death_date", "2020"))
	if len(c.Errors) != 0 {
		t.Fatalf("errors: %v", c.Errors)
	}
	z := c.Citizen
	checks := map[string][2]string{
		"ethnicity":   {z.Ethnicity, "05"},
		"religion":    {z.Religion, "01"},
		"relation":    {z.RelationToHead, "head"},
		"marital":     {z.MaritalStatus, "married"},
		"phone":       {z.Phone, "0912345678"},
		"blood":       {z.BloodType, "AB"},
		"nationality": {z.Nationality, "VN"},
		"status":      {string(z.Status), "dead"},
		"province":    {z.Permanent.Province, "42"},
	}
	for name, v := range checks {
		if v[0] != v[1] {
			t.Errorf("%s = %q, want %q", name, v[0], v[1])
		}
	}
}

// TestConvertErrors: each bad value is reported with its record and column.
func TestConvertErrors(t *testing.T) {
	tests := []struct {
		column, value, reason string
	}{
		{"record_ref", "", "required"},
		{"full_name", "", "required"},
		{"full_name", "Nguyễn V4n An", "digits"},
		{"birth_date", "1990-02-30", "February"},
		{"birth_date", "2030-01-01", "after the batch date"},
		{"sex", "X", "unknown sex"},
		{"id_number", "04209000012", "11 digits"},
		{"id_number", "04209000012a", "digits only"},
		{"old_id_number", "12345678", "8 digits"},
		{"ethnicity", "99", "unknown ethnicity code"},
		{"ethnicity", "Klingon", "unknown ethnicity"},
		{"religion", "16", "unknown religion code"},
		{"nationality", "VNM", "alpha-2"},
		{"blood_type", "C", "not one of"},
		{"marital_status", "maybe", "unknown marital"},
		{"permanent_commune", "99999", "unknown commune"},
		{"permanent_commune", "1807", "5-digit"},
		{"relation_to_head", "boss", "unknown relation"},
		{"phone", "12ab", "phone"},
		{"email", "a@b", "e-mail"},
		{"death_date", "1980", "before the birth date"},
		{"birth_registration_place", "99", "not a province"},
		{"father_id_number", "123", "3 digits"},
	}
	cv := converter("2026-01-01")
	for _, tt := range tests {
		c := cv.Convert(row(tt.column, tt.value))
		found := false
		for _, e := range c.Errors {
			if e.Field == tt.column && strings.Contains(e.Reason, tt.reason) {
				found = true
				if tt.column != "record_ref" && e.Record != "R1" {
					t.Errorf("%s: error names record %q", tt.column, e.Record)
				}
			}
		}
		if !found {
			t.Errorf("%s=%q: errors %v, want one containing %q", tt.column, tt.value, c.Errors, tt.reason)
		}
	}
}

func TestConvertMapsOldCommuneForward(t *testing.T) {
	// 00001 Phường Phúc Xá (2025-03 list) became part of a new commune.
	c := converter("2026-01-01").Convert(row("permanent_commune", "00001"))
	if len(c.Errors) != 0 {
		t.Fatal(c.Errors)
	}
	succ := units.Default().Successors("00001")
	if len(succ) == 0 || c.Citizen.Permanent.Commune != succ[0].Code || c.Citizen.Permanent.SourceCode != "00001" {
		t.Errorf("permanent = %+v, successors %v", c.Citizen.Permanent, succ)
	}
}

func TestConvertIDWarnings(t *testing.T) {
	tests := []struct {
		name, id, birth, sex, reg string
		want                      string
	}{
		{"consistent", "042090000123", "1990-05-15", "M", "42", ""},
		{"wrong year", "042091000123", "1990-05-15", "M", "42", "id.birth_year_mismatch"},
		{"wrong sex", "042190000123", "1990-05-15", "M", "42", "id.sex_mismatch"},
		{"wrong province", "001090000123", "1990-05-15", "M", "42", "id.province_mismatch"},
		{"merged province prefix ok", "045090000123", "1990-05-15", "M", "44", ""}, // old Quảng Trị is part of new Quảng Trị (44)
	}
	cv := converter("2026-01-01")
	for _, tt := range tests {
		c := cv.Convert(row("id_number", tt.id, "birth_date", tt.birth, "sex", tt.sex, "birth_registration_place", tt.reg))
		if len(c.Errors) != 0 {
			t.Fatalf("%s: %v", tt.name, c.Errors)
		}
		var codes []string
		for _, w := range c.Warnings {
			codes = append(codes, w.Code)
		}
		got := strings.Join(codes, ",")
		if got != tt.want {
			t.Errorf("%s: warnings %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestBlockFor(t *testing.T) {
	c := converter("2026-01-01").Convert(row("sex", "F", "birth_date", "2003", "birth_registration_place", "42"))
	b, err := BlockFor(units.Default(), c.Citizen)
	if err != nil || b != "042303" {
		t.Errorf("block = %q, %v; want 042303", b, err)
	}
	none := converter("2026-01-01").Convert(row("permanent_commune", "", "birth_date", "1899"))
	if len(none.Errors) == 0 {
		t.Error("a row with no place and a birth year before 1900 must be refused a number")
	}
}

// TestHasNameSymbol: the byte table finds what strings.ContainsAny finds
// with the same characters, in ASCII and Vietnamese text.
func TestHasNameSymbol(t *testing.T) {
	const symbols = "0123456789@#$%^&*_=+<>{}[]|\\/;:!?\""
	for _, s := range []string{"", "Nguyễn Văn An", "Nguyễn Văn An 2", "Lê-Thị Hồng", "Trần Thị \"Bé\"", "Ánh\\", "Đỗ;", "ưữựỳýỷỹỵđ", "x_y", "\xff\xfe"} {
		if got, want := hasNameSymbol(s), strings.ContainsAny(s, symbols); got != want {
			t.Errorf("hasNameSymbol(%q) = %v, want %v", s, got, want)
		}
	}
	for c := 0; c < 256; c++ {
		s := "Hà" + string([]byte{byte(c)})
		if got, want := hasNameSymbol(s), strings.ContainsAny(s, symbols); got != want {
			t.Errorf("hasNameSymbol(%q) = %v, want %v", s, got, want)
		}
	}
}
