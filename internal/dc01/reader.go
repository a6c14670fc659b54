package dc01

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"dancu/internal/textfold"
)

// MaxLineBytes bounds one record so a corrupt file cannot exhaust memory.
const MaxLineBytes = 1 << 20

// FormatError is a problem with the file itself (not with one row's
// values): a bad header, broken quoting, invalid JSON or UTF-8.
type FormatError struct {
	Line   int
	Column string
	Reason string
}

func (e *FormatError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("line %d: column %s: %s", e.Line, e.Column, e.Reason)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
}

// Reader streams rows from a batch file; it holds one row at a time.
type Reader struct {
	enc   Encoding
	csv   *csv.Reader
	lines *bufio.Scanner
	order []int // CSV: file column position -> index in Columns
	line  int
}

// NewReader reads from r. When gzipped is true the stream is decompressed.
// A CSV header is read and checked immediately.
func NewReader(r io.Reader, enc Encoding, gzipped bool) (*Reader, error) {
	if gzipped {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, &FormatError{Line: 0, Reason: "not a gzip stream: " + err.Error()}
		}
		r = gz
	}
	rd := &Reader{enc: enc}
	if enc == JSONL {
		rd.lines = bufio.NewScanner(r)
		rd.lines.Buffer(make([]byte, 64<<10), MaxLineBytes)
		return rd, nil
	}
	rd.csv = csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	rd.csv.ReuseRecord = true
	rd.csv.FieldsPerRecord = -1
	if err := rd.readHeader(); err != nil {
		return nil, err
	}
	return rd, nil
}

func (rd *Reader) readHeader() error {
	header, err := rd.csv.Read()
	if err == io.EOF {
		return &FormatError{Line: 1, Reason: "empty file: a header row is required"}
	}
	if err != nil {
		return csvError(err)
	}
	rd.line = 1
	seen := make(map[string]bool, len(header))
	rd.order = make([]int, len(header))
	hasRef := false
	for i, name := range header {
		name = strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))
		idx, ok := columnIndex[name]
		if !ok {
			return &FormatError{Line: 1, Column: name, Reason: "unknown column (see the import format for the column names)"}
		}
		if seen[name] {
			return &FormatError{Line: 1, Column: name, Reason: "column appears twice"}
		}
		seen[name] = true
		rd.order[i] = idx
		hasRef = hasRef || name == "record_ref"
	}
	if !hasRef {
		return &FormatError{Line: 1, Column: "record_ref", Reason: "required column is missing"}
	}
	return nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FormatError{Line: pe.StartLine, Reason: pe.Err.Error()}
	}
	return fmt.Errorf("dc01: read: %w", err)
}

// Read fills row with the next record. It returns io.EOF at the end. A
// *FormatError means the file cannot be read further.
func (rd *Reader) Read(row *Row) error {
	*row = Row{}
	if rd.enc == JSONL {
		return rd.readJSON(row)
	}
	rec, err := rd.csv.Read()
	if err != nil {
		if err == io.EOF {
			return io.EOF
		}
		return csvError(err)
	}
	line, _ := rd.csv.FieldPos(0)
	rd.line = line
	row.Line = line
	if len(rec) != len(rd.order) {
		return &FormatError{Line: line, Reason: fmt.Sprintf("has %d fields, the header has %d", len(rec), len(rd.order))}
	}
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return &FormatError{Line: line, Column: Columns[rd.order[i]], Reason: "not valid UTF-8"}
		}
		row.Values[rd.order[i]] = textfold.Clean(v)
	}
	return nil
}

func (rd *Reader) readJSON(row *Row) error {
	for {
		if !rd.lines.Scan() {
			if err := rd.lines.Err(); err != nil {
				if errors.Is(err, bufio.ErrTooLong) {
					return &FormatError{Line: rd.line + 1, Reason: fmt.Sprintf("line longer than %d bytes", MaxLineBytes)}
				}
				return fmt.Errorf("dc01: read: %w", err)
			}
			return io.EOF
		}
		rd.line++
		b := bytes.TrimSpace(rd.lines.Bytes())
		if len(b) == 0 {
			continue // blank lines are allowed between records
		}
		row.Line = rd.line
		return rd.decodeObject(b, row)
	}
}

func (rd *Reader) decodeObject(b []byte, row *Row) error {
	if !utf8.Valid(b) {
		return &FormatError{Line: rd.line, Reason: "not valid UTF-8"}
	}
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		return &FormatError{Line: rd.line, Reason: "not a JSON object: " + err.Error()}
	}
	for k, v := range obj {
		idx, ok := columnIndex[k]
		if !ok {
			return &FormatError{Line: rd.line, Column: k, Reason: "unknown key (see the import format for the column names)"}
		}
		switch t := v.(type) {
		case nil:
		case string:
			row.Values[idx] = textfold.Clean(t)
		case float64:
			// Numbers are accepted only where they are whole, e.g. a year.
			if t != float64(int64(t)) {
				return &FormatError{Line: rd.line, Column: k, Reason: "must be a string"}
			}
			row.Values[idx] = fmt.Sprint(int64(t))
		default:
			return &FormatError{Line: rd.line, Column: k, Reason: "must be a string"}
		}
	}
	return nil
}

// Line returns the line of the last record read.
func (rd *Reader) Line() int { return rd.line }
