package units

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// LoadError reports a problem in a source file, with the line where it was
// found so that a bad data update can be fixed quickly.
type LoadError struct {
	File string
	Line int // 1-based; 0 when the problem is not tied to one line
	Err  error
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("units: %s line %d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("units: %s: %v", e.File, e.Err)
}

func (e *LoadError) Unwrap() error { return e.Err }

// csvFile reads a headed CSV file record by record, checking the header and
// the column count so that a changed upstream format fails loudly instead of
// shifting columns silently.
type csvFile struct {
	name string
	r    *csv.Reader
	cols int
}

func openCSV(name string, r io.Reader, header []string) (*csvFile, error) {
	br := bufio.NewReader(r)
	// Spreadsheet exports often start with a UTF-8 byte-order mark, which
	// would otherwise become part of the first column name.
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // checked by next, with a clearer message
	cr.ReuseRecord = true
	f := &csvFile{name: name, r: cr, cols: len(header)}
	got, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &LoadError{File: name, Err: errors.New("empty file, want a header row")}
	}
	if err != nil {
		return nil, f.wrap(err)
	}
	for i := range got {
		got[i] = strings.TrimSpace(got[i])
	}
	if !slices.Equal(got, header) {
		return nil, &LoadError{File: name, Line: 1,
			Err: fmt.Errorf("header is %q, want %q", strings.Join(got, ","), strings.Join(header, ","))}
	}
	return f, nil
}

// next returns the next record with its fields trimmed, and its line number.
// It returns io.EOF at the end of the file. The slice is reused by the next
// call; the strings are not.
func (f *csvFile) next() ([]string, int, error) {
	rec, err := f.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		return nil, 0, f.wrap(err)
	}
	line, _ := f.r.FieldPos(0)
	if len(rec) != f.cols {
		return nil, line, &LoadError{File: f.name, Line: line,
			Err: fmt.Errorf("got %d columns, want %d", len(rec), f.cols)}
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	return rec, line, nil
}

func (f *csvFile) wrap(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LoadError{File: f.name, Line: pe.Line, Err: pe.Err}
	}
	return &LoadError{File: f.name, Err: err}
}

// isDigits reports whether s is exactly n ASCII digits.
func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
