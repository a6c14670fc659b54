package registry

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"slices"

	"dancu/internal/runmerge"
)

// A batch must find, for every row, whether an earlier row of the batch
// carried its record ref (an error: "appears twice in the batch") or its
// ID number (the later row is compared with the earlier one, not inserted
// twice). Sets of every ref and number grew with the file (~75 B a row,
// 0.75 GB at 10 million rows), so the batch keeps neither:
//
//   - Two filters (seenFilter, refs and numbers) answer "certainly not seen before" for almost
//     every row, in a bounded number of bytes. A row they cannot clear (a
//     true repeat, or a false positive of the filter) is held back, like the
//     rows without a number, and handled once the whole file is read.
//   - Every record ref is written with its line to sorted runs on disk
//     (refRuns); merging them at the end of the file finds exactly which
//     lines repeat a ref, and the line it first appeared on.
//   - A held row's number is then looked up in the batch's transaction,
//     which by then holds every row written before it.
//
// A repeated ref is always held (the filter has no false negatives), so
// with --skip-invalid it is never written, as before; a held row is
// written after the rows that followed it in the file, but a later row
// carrying the same number is held as well (its number passed the
// filter), so which row of a number is the holder does not change.

// defaultSeenFilterBytes bounds each of the two filters: at 16 bits a key
// 32 MB clears ~16 million keys with ~0.1 % false positives (2 MB at 1
// million, 10.5 MB at 4 million); past that the last filter fills up and
// holds back more rows, in a temporary file, without growing.
const defaultSeenFilterBytes = 32 << 20

// defaultDupRunRows is how many refs are sorted in memory (16 B each)
// before they are written as a run.
const defaultDupRunRows = 1 << 20

// seenFilter is a growing series of blocked Bloom filters: each filter
// sets a key's bits in one 512-bit block (one cache line), and a filter
// twice the size of the last is added when the last has its planned keys,
// until the series reaches its byte bound.
type seenFilter struct {
	filters  []blockFilter
	maxBytes int
	bytes    int
}

type blockFilter struct {
	words    []uint64 // 8 words a block
	keys     int
	capacity int
}

// Each filter takes four times the keys of the one before, so a batch of
// 10 million rows probes three: the false positives of a series add up
// (doubling from 65,536 keys at 12 bits held back 2.3 % of 10 million
// keys; this series 0.13 %, 0.07 % at 4 million, 0.01 % at 1 million).
const (
	filterBitsPerKey   = 16
	filterFirstKeys    = 1 << 20
	filterGrowth       = 4
	filterHashesPerKey = 8 // positions of 9 bits: 7 from one 64-bit hash, the 8th from a second
)

func newSeenFilter(maxBytes int) *seenFilter {
	if maxBytes == 0 {
		maxBytes = defaultSeenFilterBytes
	}
	return &seenFilter{maxBytes: maxBytes}
}

// testAndAdd reports whether key may have been added before, and adds it.
func (s *seenFilter) testAndAdd(key uint64) bool {
	if s.maxBytes < 0 {
		return true // no filter (tests): every row takes the exact path
	}
	h := mix64(key)
	for i := range s.filters {
		if s.filters[i].has(h) {
			return true // every bit is set already: a later test finds it too
		}
	}
	s.add(h)
	return false
}

func (s *seenFilter) add(h uint64) {
	n := len(s.filters)
	if n == 0 || (s.filters[n-1].keys >= s.filters[n-1].capacity && s.bytes < s.maxBytes) {
		capacity := filterFirstKeys
		if n > 0 {
			capacity = filterGrowth * s.filters[n-1].capacity
		}
		blocks := max(capacity*filterBitsPerKey/512, 1)
		if room := (s.maxBytes - s.bytes) / 64; blocks > room {
			blocks = max(room, 1)
		}
		s.filters = append(s.filters, blockFilter{words: make([]uint64, 8*blocks), capacity: blocks * 512 / filterBitsPerKey})
		s.bytes += 64 * blocks
		n++
	}
	s.filters[n-1].add(h)
}

func (f *blockFilter) block(h uint64) []uint64 {
	hi, _ := bits.Mul64(h, uint64(len(f.words)/8))
	return f.words[hi*8 : hi*8+8]
}

func (f *blockFilter) has(h uint64) bool {
	b := f.block(h)
	for _, bit := range filterBits(h) {
		if b[bit>>6]&(1<<(bit&63)) == 0 {
			return false
		}
	}
	return true
}

func (f *blockFilter) add(h uint64) {
	b := f.block(h)
	for _, bit := range filterBits(h) {
		b[bit>>6] |= 1 << (bit & 63)
	}
	f.keys++
}

// filterBits are the positions of key h's bits in its 512-bit block: nine
// bits each from a mix of h, re-mixed once the first seven are used.
func filterBits(h uint64) (pos [filterHashesPerKey]uint64) {
	g := mix64(h ^ 0x9e3779b97f4a7c15)
	for i := range pos {
		if i == 7 {
			g = mix64(g ^ h)
		}
		pos[i] = g & 511
		g >>= 9
	}
	return pos
}

// mix64 is splitmix64's finalizer: FNV's low bits alone are poorly spread.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// fingerprint is the FNV-1a hash of s, the key a ref is compared by (a
// batch used it before too: two refs with the same 64-bit hash count as
// one, a chance of ~3 in a million at 10 million refs).
func fingerprint(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// refRuns collects (ref fingerprint, line) pairs, sorts them in runs of a
// bounded size, spills full runs to unlinked temporary files and merges
// them at the end to find the repeated refs.
type refRuns struct {
	buf  []refEntry
	max  int
	runs []*os.File
}

// refEntry is a ref's fingerprint and its line; the line's lowest bit
// says the row was already invalid for another reason.
type refEntry struct {
	key  uint64
	line uint64
}

const refEntrySize = 16

func newRefRuns(maxRows int) *refRuns {
	if maxRows <= 0 {
		maxRows = defaultDupRunRows
	}
	return &refRuns{max: maxRows}
}

func (r *refRuns) add(key uint64, line int, invalid bool) error {
	e := refEntry{key: key, line: uint64(line) << 1}
	if invalid {
		e.line |= 1
	}
	if r.buf == nil {
		r.buf = make([]refEntry, 0, min(r.max, 1<<16))
	}
	r.buf = append(r.buf, e)
	if len(r.buf) >= r.max {
		return r.spill()
	}
	return nil
}

func compareRefEntries(a, b refEntry) int {
	if a.key != b.key {
		if a.key < b.key {
			return -1
		}
		return 1
	}
	if a.line < b.line {
		return -1
	}
	if a.line > b.line {
		return 1
	}
	return 0
}

func (r *refRuns) spill() error {
	slices.SortFunc(r.buf, compareRefEntries)
	// CreateTemp makes the file 0600; unlinked at once where the system
	// allows it, so a killed batch leaves nothing behind.
	f, err := os.CreateTemp("", "dancu-import-refs-*.run")
	if err != nil {
		return fmt.Errorf("import: spill record refs: %w", err)
	}
	os.Remove(f.Name())
	r.runs = append(r.runs, f)
	w := bufio.NewWriterSize(f, 1<<20)
	var b [refEntrySize]byte
	for _, e := range r.buf {
		binary.LittleEndian.PutUint64(b[:8], e.key)
		binary.LittleEndian.PutUint64(b[8:], e.line)
		if _, err := w.Write(b[:]); err != nil {
			return fmt.Errorf("import: spill record refs: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("import: spill record refs: %w", err)
	}
	r.buf = r.buf[:0]
	return nil
}

// dups calls fn, in no particular order, for every line whose ref an
// earlier line carried, with that first line and whether the line was
// already invalid.
func (r *refRuns) dups(fn func(line, first int, invalid bool) error) error {
	slices.SortFunc(r.buf, compareRefEntries)
	var runs []*refCursor
	if len(r.buf) > 0 {
		runs = append(runs, &refCursor{mem: r.buf})
	}
	for _, f := range r.runs {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("import: read back record refs: %w", err)
		}
		runs = append(runs, &refCursor{file: bufio.NewReaderSize(f, 64<<10)})
	}
	m, err := runmerge.New(runs, func(a, b *refCursor) bool { return compareRefEntries(a.cur, b.cur) < 0 })
	if err != nil {
		return err
	}
	var group refEntry
	have := false
	for c, ok := m.Top(); ok; c, ok = m.Top() {
		e := c.cur
		if have && e.key == group.key {
			if err := fn(int(e.line>>1), int(group.line>>1), e.line&1 == 1); err != nil {
				return err
			}
		} else {
			group, have = e, true
		}
		if err := m.Next(); err != nil {
			return err
		}
	}
	return nil
}

// close removes the runs; it may be called more than once.
func (r *refRuns) close() error {
	var errs []error
	for _, f := range r.runs {
		errs = append(errs, f.Close())
	}
	r.runs, r.buf = nil, nil
	return errors.Join(errs...)
}

// refCursor reads one sorted run: the in-memory rest or a spilled file.
type refCursor struct {
	mem  []refEntry
	file *bufio.Reader
	cur  refEntry
}

// Advance implements runmerge.Run.
func (c *refCursor) Advance() (bool, error) {
	if c.file == nil {
		if len(c.mem) == 0 {
			return false, nil
		}
		c.cur, c.mem = c.mem[0], c.mem[1:]
		return true, nil
	}
	var b [refEntrySize]byte
	if _, err := io.ReadFull(c.file, b[:]); err != nil {
		if err == io.EOF {
			return false, nil
		}
		return false, fmt.Errorf("import: read back record refs: %w", err)
	}
	c.cur = refEntry{key: binary.LittleEndian.Uint64(b[:8]), line: binary.LittleEndian.Uint64(b[8:])}
	return true, nil
}
