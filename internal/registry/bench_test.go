package registry

import "testing"

// BenchmarkConvert is stage one of an import: validating and building one
// citizen from a DC01 row.
func BenchmarkConvert(b *testing.B) {
	cv := converter("2026-01-01")
	r := row("id_number", "042090000123", "father_name", "Nguyễn Văn Hải", "mother_name", "Trần Thị Lan",
		"permanent_address", "Thôn 3", "household_ref", "42-18073-H000001", "relation_to_head", "head", "phone", "0912345678")
	for b.Loop() {
		c := cv.Convert(r)
		if len(c.Errors) != 0 {
			b.Fatal(c.Errors)
		}
	}
}

func BenchmarkParseSearch(b *testing.B) {
	for b.Loop() {
		ParseSearch("Nguyễn Văn Hùng 1990")
	}
}
