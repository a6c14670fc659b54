package dc01

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Encoding is the text encoding of a batch file.
type Encoding int

const (
	CSV Encoding = iota
	JSONL
)

// EncodingFor picks the encoding and compression from a file name:
// ".jsonl"/".ndjson" mean JSON Lines, anything else CSV; a ".gz" suffix means gzip.
func EncodingFor(name string) (enc Encoding, gzipped bool) {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".gz") {
		gzipped = true
		lower = strings.TrimSuffix(lower, ".gz")
	}
	if strings.HasSuffix(lower, ".jsonl") || strings.HasSuffix(lower, ".ndjson") || strings.HasSuffix(lower, ".json") {
		return JSONL, gzipped
	}
	return CSV, gzipped
}

// Writer writes rows in the import format.
type Writer struct {
	enc  Encoding
	buf  *bufio.Writer
	gz   *gzip.Writer
	csv  *csv.Writer
	rows int
}

// NewWriter writes to w. The CSV header is written before the first row.
func NewWriter(w io.Writer, enc Encoding, gzipped bool) *Writer {
	wr := &Writer{enc: enc}
	if gzipped {
		wr.gz = gzip.NewWriter(w)
		w = wr.gz
	}
	wr.buf = bufio.NewWriterSize(w, 1<<16)
	if enc == CSV {
		wr.csv = csv.NewWriter(wr.buf)
	}
	return wr
}

// Write appends one row.
func (w *Writer) Write(r *Row) error {
	if w.enc == CSV {
		if w.rows == 0 {
			if err := w.csv.Write(Columns); err != nil {
				return fmt.Errorf("dc01: write header: %w", err)
			}
		}
		w.rows++
		if err := w.csv.Write(r.Values[:]); err != nil {
			return fmt.Errorf("dc01: write row %d: %w", w.rows, err)
		}
		return nil
	}
	w.rows++
	obj := make(map[string]string, len(Columns))
	for i, c := range Columns {
		if r.Values[i] != "" {
			obj[c] = r.Values[i]
		}
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return fmt.Errorf("dc01: encode row %d: %w", w.rows, err)
	}
	b = append(b, '\n')
	_, err = w.buf.Write(b)
	return err
}

// Close flushes buffered output; it does not close the underlying writer.
func (w *Writer) Close() error {
	if w.csv != nil {
		if w.rows == 0 {
			if err := w.csv.Write(Columns); err != nil {
				return err
			}
		}
		w.csv.Flush()
		if err := w.csv.Error(); err != nil {
			return fmt.Errorf("dc01: flush: %w", err)
		}
	}
	if err := w.buf.Flush(); err != nil {
		return fmt.Errorf("dc01: flush: %w", err)
	}
	if w.gz != nil {
		return w.gz.Close()
	}
	return nil
}
