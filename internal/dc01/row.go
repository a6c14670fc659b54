// Package dc01 reads and writes the population import format
// (shared/spec/import-format.md): one DC01 form per row, as CSV or JSON
// Lines, optionally gzipped. It knows the columns and the encodings only;
// what the values mean is decided by the registry package.
package dc01

// Columns lists every column of the import format in canonical order.
// Writers emit this order; readers accept any order but reject unknown names.
var Columns = []string{
	"record_ref", "id_number", "old_id_number", "full_name", "other_name",
	"birth_date", "sex", "birth_place", "birth_registration_place", "hometown",
	"ethnicity", "religion", "nationality", "blood_type", "marital_status",
	"permanent_commune", "permanent_address",
	"temporary_commune", "temporary_address",
	"current_commune", "current_address",
	"father_name", "father_id_number",
	"mother_name", "mother_id_number",
	"spouse_name", "spouse_id_number",
	"representative_name", "representative_id_number",
	"household_ref", "household_head_name", "household_head_id_number", "relation_to_head",
	"phone", "email", "death_date",
}

// columnIndex maps a column name to its position in Columns.
var columnIndex = func() map[string]int {
	m := make(map[string]int, len(Columns))
	for i, c := range Columns {
		m[c] = i
	}
	return m
}()

// Row is one form as raw text, keyed by the column's position in Columns.
// Values are trimmed with inner runs of spaces collapsed and are in NFC;
// interpretation (dates, codes) happens later so that every error can name
// its column.
type Row struct {
	// Line is the 1-based line (CSV record or JSONL line) the row came from.
	Line   int
	Values [len36]string
}

// len36 is the number of columns; a constant so Row stays a flat value type.
const len36 = 36

// Get returns the value of a named column; unknown names panic because they
// are programming errors, not input errors.
func (r *Row) Get(column string) string {
	i, ok := columnIndex[column]
	if !ok {
		panic("dc01: unknown column " + column)
	}
	return r.Values[i]
}

// Set assigns a named column.
func (r *Row) Set(column, value string) {
	i, ok := columnIndex[column]
	if !ok {
		panic("dc01: unknown column " + column)
	}
	r.Values[i] = value
}

// RecordRef is the source's reference for the form, used in every report.
func (r *Row) RecordRef() string { return r.Values[0] }

// IsColumn reports whether name is a column of the format.
func IsColumn(name string) bool {
	_, ok := columnIndex[name]
	return ok
}

func init() {
	if len(Columns) != len36 {
		panic("dc01: len36 does not match Columns")
	}
}
