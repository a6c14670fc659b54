package dedupe

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"slices"

	"dancu/internal/runmerge"
)

// A key row says "record seq has blocking key hash": the sort key is
// hash, then the record's place in the locality order (given name, birth
// date, surname, then the order it was read in: what OrderForLocality
// sorts by), so that after sorting each block's rows come together and in
// the order the in-memory run gives its members. The payload locates the
// record in the record spill.
//
//	u16 key length | hash (8, big endian) given 0 birth 0 surname 0 seq (8) | kind (1) offset (8) length (4)
const rowPayload = 13

// sortRunBytes bounds the rows one sorted run holds in memory; two runs
// are in memory at most (one filling, one being sorted and written).
var sortRunBytes = 32 << 20

// rowSorter is an external sort of key rows: runs of up to sortRunBytes
// are sorted in memory and written to one scratch file, then merged.
type rowSorter struct {
	file  ScratchFile
	w     *bufio.Writer
	size  int64
	runs  []span
	arena []byte
	rows  []rowRef
	// written receives the outcome of the run being sorted and written
	// in the background; spare is its arena to reuse.
	written chan error
	busy    bool
	spare   []byte
	spareR  []rowRef
}

// rowRef is a row in the arena with its hash beside it: sorting compares
// the hashes in place and reads the arena only on a tie (rows of one
// block), so the sort does not wait for memory at every comparison.
type rowRef struct {
	hash uint64
	at   uint32
}

type span struct{ start, len int64 }

func newRowSorter(file ScratchFile) *rowSorter {
	return &rowSorter{file: file, w: bufio.NewWriterSize(file, 1<<20), written: make(chan error, 1),
		arena: make([]byte, 0, sortRunBytes)}
}

// add appends one row: hash, the locality key, seq, and the payload.
func (s *rowSorter) add(hash uint64, r *Record, seq uint64, kind keyKind, off uint64, n uint32) error {
	given, surname := r.Name.Given(), r.Name.Surname()
	keyLen := 8 + len(given) + 1 + len(r.birthDigits) + 1 + len(surname) + 1 + 8
	if keyLen > 1<<15 { // a length prefix of 16 bits; a name is far shorter
		return fmt.Errorf("record %s: name too long to sort (%d bytes)", r.Ref, keyLen)
	}
	if len(s.arena)+2+keyLen+rowPayload > cap(s.arena) {
		if err := s.flush(); err != nil {
			return err
		}
	}
	s.rows = append(s.rows, rowRef{hash, uint32(len(s.arena))})
	a := binary.BigEndian.AppendUint16(s.arena, uint16(keyLen))
	a = binary.BigEndian.AppendUint64(a, hash)
	a = append(append(a, given...), 0)
	a = append(append(a, r.birthDigits...), 0)
	a = append(append(a, surname...), 0)
	a = binary.BigEndian.AppendUint64(a, seq)
	a = append(a, byte(kind))
	a = binary.BigEndian.AppendUint64(a, off)
	s.arena = binary.BigEndian.AppendUint32(a, n)
	return nil
}

func rowKey(arena []byte, at uint32) []byte {
	n := binary.BigEndian.Uint16(arena[at:])
	return arena[at+2 : at+2+uint32(n)]
}

// flush sorts the rows held and writes them as one run, in the
// background while the next run fills.
func (s *rowSorter) flush() error {
	if len(s.rows) == 0 {
		return nil
	}
	if err := s.wait(); err != nil {
		return err
	}
	arena, rows := s.arena, s.rows
	start := s.size
	for _, r := range rows {
		s.size += int64(2 + len(rowKey(arena, r.at)) + rowPayload)
	}
	s.runs = append(s.runs, span{start, s.size - start})
	s.busy = true
	go func() {
		slices.SortFunc(rows, func(a, b rowRef) int {
			if a.hash != b.hash {
				return cmp.Compare(a.hash, b.hash) // the key's first 8 bytes, big endian
			}
			return bytes.Compare(rowKey(arena, a.at), rowKey(arena, b.at))
		})
		for _, r := range rows {
			n := 2 + uint32(len(rowKey(arena, r.at))) + rowPayload
			if _, err := s.w.Write(arena[r.at : r.at+n]); err != nil {
				s.written <- fmt.Errorf("dedupe spill: write sorted run: %w", err)
				return
			}
		}
		s.written <- nil
	}()
	if s.spare == nil {
		s.spare = make([]byte, 0, sortRunBytes)
	}
	s.arena, s.rows, s.spare, s.spareR = s.spare[:0], s.spareR[:0], arena, rows
	return nil
}

func (s *rowSorter) wait() error {
	if !s.busy {
		return nil
	}
	s.busy = false
	return <-s.written
}

// finish writes the last run and returns a merge of all of them.
func (s *rowSorter) finish() (*rowMerger, error) {
	if err := s.flush(); err != nil {
		return nil, err
	}
	if err := s.wait(); err != nil {
		return nil, err
	}
	if err := s.w.Flush(); err != nil {
		return nil, fmt.Errorf("dedupe spill: write sorted run: %w", err)
	}
	s.arena, s.rows, s.spare, s.spareR = nil, nil, nil, nil
	readers := make([]*runReader, len(s.runs))
	for i, r := range s.runs {
		readers[i] = &runReader{r: bufio.NewReaderSize(io.NewSectionReader(s.file, r.start, r.len), 256<<10)}
	}
	runs, err := runmerge.New(readers, func(a, b *runReader) bool {
		return bytes.Compare(a.row[:a.key], b.row[:b.key]) < 0
	})
	if err != nil {
		return nil, err
	}
	m := &rowMerger{runs: runs}
	return m, nil
}

// runReader reads one sorted run a row at a time.
type runReader struct {
	r   *bufio.Reader
	row []byte // current row: key then payload
	key int    // key length
}

// Advance implements runmerge.Run: it reads the run's next row.
func (rr *runReader) Advance() (bool, error) {
	var hdr [2]byte
	if _, err := io.ReadFull(rr.r, hdr[:]); err != nil {
		if err == io.EOF {
			return false, nil
		}
		return false, fmt.Errorf("dedupe spill: read sorted run: %w", err)
	}
	rr.key = int(binary.BigEndian.Uint16(hdr[:]))
	rr.row = slices.Grow(rr.row[:0], rr.key+rowPayload)[:rr.key+rowPayload]
	if _, err := io.ReadFull(rr.r, rr.row); err != nil {
		return false, fmt.Errorf("dedupe spill: read sorted run: %w", err)
	}
	return true, nil
}

// rowMerger yields the rows of all runs in key order.
type rowMerger struct{ runs *runmerge.Merger[*runReader] }

// keyRow is a sorted row as a block holds it.
type keyRow struct {
	seq  uint64
	off  uint64
	n    uint32
	kind keyKind
}

// next returns the next row and its hash; ok false at the end.
func (m *rowMerger) next() (hash uint64, row keyRow, ok bool, err error) {
	top, ok := m.runs.Top()
	if !ok {
		return 0, keyRow{}, false, nil
	}
	k, p := top.row[:top.key], top.row[top.key:]
	hash = binary.BigEndian.Uint64(k)
	row = keyRow{seq: binary.BigEndian.Uint64(k[len(k)-8:]), kind: keyKind(p[0]),
		off: binary.BigEndian.Uint64(p[1:]), n: binary.BigEndian.Uint32(p[9:])}
	if err := m.runs.Next(); err != nil {
		return 0, keyRow{}, false, err
	}
	return hash, row, true, nil
}
