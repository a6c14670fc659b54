package idnumber

import "fmt"

// Warning codes returned by Check. They are stable identifiers for
// data-quality reports; the messages may change.
const (
	CodeInvalidFormat     = "id.invalid_format"
	CodeUnknownPrefix     = "id.unknown_prefix"
	CodeProvinceMismatch  = "id.province_mismatch"
	CodeBirthYearMismatch = "id.birth_year_mismatch"
	CodeSexMismatch       = "id.sex_mismatch"
)

// Warning is one disagreement between a number and the person's data. Field
// names the record field to review: "id_number", "birth_year", "sex" or
// "birth_province".
type Warning struct {
	Code      string `json:"code"`
	Field     string `json:"field"`
	Message   string `json:"message"`
	MessageVI string `json:"message_vi"`
}

// Check compares number with the person's data and returns data-quality
// warnings, never errors: legacy numbers that break the structure are still
// in use until the police cancel and re-establish them (domain.md §1.4, §1.6).
//
// A zero birthYear, a sex other than Male/Female, or an empty
// birthProvincePrefix means "unknown" and skips that comparison.
// birthProvincePrefix must be the 3-digit pre-2025 code of the province where
// the birth was registered (e.g. "087"), not a post-2025 GSO code.
//
// A birth year or sex mismatch includes a wrong century digit, since that
// digit encodes both. A number that Parse rejects yields a single
// id.invalid_format warning. Warnings come in a fixed order: format, prefix,
// province, birth year, sex.
func Check(number string, birthYear int, sex Sex, birthProvincePrefix string) []Warning {
	p, err := Parse(number)
	if err != nil {
		return []Warning{{
			Code:      CodeInvalidFormat,
			Field:     "id_number",
			Message:   fmt.Sprintf("not a valid ID number: %v", err),
			MessageVI: "Số định danh không đúng định dạng (phải gồm 12 chữ số, 6 số cuối khác 000000)",
		}}
	}
	var ws []Warning
	if !p.KnownProvince {
		ws = append(ws, Warning{
			Code:      CodeUnknownPrefix,
			Field:     "id_number",
			Message:   fmt.Sprintf("prefix %s is not one of the 63 province codes; the birth may have been registered abroad, or the number is wrong", p.Prefix),
			MessageVI: fmt.Sprintf("Mã %s không thuộc 63 mã tỉnh, thành phố; có thể khai sinh ở nước ngoài hoặc số định danh bị sai", p.Prefix),
		})
	}
	if birthProvincePrefix != "" && birthProvincePrefix != p.Prefix {
		ws = append(ws, Warning{
			Code:  CodeProvinceMismatch,
			Field: "birth_province",
			Message: fmt.Sprintf("ID number prefix %s (%s) differs from the birth-registration province %s (%s)",
				p.Prefix, placeName(p.Prefix, "unknown"), birthProvincePrefix, placeName(birthProvincePrefix, "unknown")),
			MessageVI: fmt.Sprintf("Mã %s (%s) trong số định danh khác mã nơi đăng ký khai sinh %s (%s)",
				p.Prefix, placeName(p.Prefix, "không rõ"), birthProvincePrefix, placeName(birthProvincePrefix, "không rõ")),
		})
	}
	if birthYear != 0 && birthYear != p.BirthYear {
		w := Warning{
			Code:      CodeBirthYearMismatch,
			Field:     "birth_year",
			Message:   fmt.Sprintf("ID number encodes birth year %d but the record says %d", p.BirthYear, birthYear),
			MessageVI: fmt.Sprintf("Số định danh mã hóa năm sinh %d nhưng hồ sơ ghi %d", p.BirthYear, birthYear),
		}
		if birthYear < MinBirthYear || birthYear > MaxBirthYear {
			w.Message += fmt.Sprintf(", which no ID number can encode (only %d..%d)", MinBirthYear, MaxBirthYear)
			w.MessageVI += fmt.Sprintf(", năm này không mã hóa được trong số định danh (chỉ %d..%d)", MinBirthYear, MaxBirthYear)
		}
		ws = append(ws, w)
	}
	if sex.known() && sex != p.Sex {
		ws = append(ws, Warning{
			Code:      CodeSexMismatch,
			Field:     "sex",
			Message:   fmt.Sprintf("ID number encodes sex %s but the record says %s", p.Sex, sex),
			MessageVI: fmt.Sprintf("Số định danh mã hóa giới tính %s nhưng hồ sơ ghi %s", p.Sex.Vietnamese(), sex.Vietnamese()),
		})
	}
	return ws
}

func placeName(prefix, unknown string) string {
	if name, ok := provincePrefixes[prefix]; ok {
		return name
	}
	return unknown
}
