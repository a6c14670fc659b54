package registry

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// defaultHoldRows is how many rows without an ID number a batch keeps in
// memory (~1.5 KB each) before the rest wait in a temporary file. About 5 %
// of a population file has no number, so a 10-million-row file would
// otherwise hold ~500,000 rows, ~750 MB, until its end.
const defaultHoldRows = 20_000

// heldRows are the rows a batch writes last (see batchWriter.needNumber):
// the first ones in memory, the others spilled, in file order.
type heldRows struct {
	mem   []*converted
	file  *os.File
	w     *bufio.Writer
	spilt int
}

// spilledRow is a held row in the temporary file: what writing it needs.
type spilledRow struct {
	Line    int     `json:"l"`
	Hash    uint64  `json:"h"`
	Invalid bool    `json:"i,omitempty"`
	Citizen Citizen `json:"c"`
}

// add keeps a copy of c; limit is how many to keep in memory (0: the
// default).
func (h *heldRows) add(c *converted, limit int) error {
	limit = holdLimit(limit)
	if h.file == nil && len(h.mem) < limit {
		held := *c
		h.mem = append(h.mem, &held)
		return nil
	}
	if h.file == nil {
		// CreateTemp makes the file 0600: it holds personal data.
		f, err := os.CreateTemp("", "dancu-import-held-*.jsonl")
		if err != nil {
			return fmt.Errorf("import: hold rows without a number: %w", err)
		}
		h.file, h.w = f, bufio.NewWriterSize(f, 1<<20)
	}
	b, err := json.Marshal(spilledRow{Line: c.line, Hash: c.Hash, Invalid: c.invalid, Citizen: c.Citizen})
	if err == nil {
		b = append(b, '\n')
		_, err = h.w.Write(b)
	}
	if err != nil {
		return fmt.Errorf("import: hold rows without a number: %w", err)
	}
	h.spilt++
	return nil
}

// holdLimit is ImportOptions.HoldRows with its default.
func holdLimit(n int) int {
	if n <= 0 {
		return defaultHoldRows
	}
	return n
}

// len is the number of rows held.
func (h *heldRows) len() int { return len(h.mem) + h.spilt }

// each passes the held rows to fn in order, at most size at a time.
func (h *heldRows) each(size int, fn func([]*converted) error) error {
	for start := 0; start < len(h.mem); start += size {
		if err := fn(h.mem[start:min(start+size, len(h.mem))]); err != nil {
			return err
		}
	}
	h.mem = nil
	if h.file == nil {
		return nil
	}
	if err := h.w.Flush(); err != nil {
		return fmt.Errorf("import: read back held rows: %w", err)
	}
	if _, err := h.file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("import: read back held rows: %w", err)
	}
	dec := json.NewDecoder(bufio.NewReaderSize(h.file, 1<<20))
	part := make([]*converted, 0, size)
	for read := 0; read < h.spilt; read++ {
		var r spilledRow
		if err := dec.Decode(&r); err != nil {
			return fmt.Errorf("import: read back held row %d of %d: %w", read+1, h.spilt, err)
		}
		part = append(part, &converted{Converted: Converted{Citizen: r.Citizen, Hash: r.Hash}, line: r.Line, invalid: r.Invalid})
		if len(part) == size || read == h.spilt-1 {
			if err := fn(part); err != nil {
				return err
			}
			part = make([]*converted, 0, size)
		}
	}
	return nil
}

// close removes the temporary file; it may be called more than once.
func (h *heldRows) close() error {
	h.mem = nil
	if h.file == nil {
		return nil
	}
	f := h.file
	h.file, h.w, h.spilt = nil, nil, 0
	return errors.Join(f.Close(), os.Remove(f.Name()))
}
