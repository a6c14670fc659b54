package quality

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/runmerge"
)

// Scanner runs every rule over a stream of citizens in one pass: record
// rules as each citizen arrives, cross-record rules at Finish.
//
// The cross-record rules need the records grouped by household, by number
// and by parent's number. Holding a record per citizen for that grew the
// memory with the register (~0.9 KB a record: 9 GB for 10 million), so
// the scanner sorts instead: each record becomes a few entries (its
// household, each number it holds, each parent's number it names, its
// CMND number), each an encoded copy of its Person behind a sort key.
// Entries fill a buffer of fixed size; a full buffer is sorted and written
// to a temporary file (a run), and Finish merges the runs, so a group's
// entries arrive together. Memory is the buffer plus a read buffer per
// run and the largest group; the disk holds ~0.5 KB a record until Finish.
type Scanner struct {
	e    *Engine
	emit func([]Finding) error
	// TempDir is where runs are written ("": the system's temporary folder).
	TempDir string
	// bufferBytes is the buffer's size; tests make it small to spill.
	bufferBytes int

	seq     uint64
	buf     []byte     // encoded entries
	entries []entryRef // one per entry in buf
	runs    []*os.File
	person  []byte // scratch: the current record's encoded Person
	key     []byte // scratch: the current entry's sort key
}

// entryRef locates an entry in the buffer: its sort key at buf[off:off+k],
// then its Person up to off+n. p0 and p1 are the key's first 16 bytes,
// zero-padded, big-endian: the sort compares them first, in the entries
// themselves, and reads the key in the buffer only on a tie (sorting by
// bytes.Compare through the buffer was 1.9 s of a 1M import's scanner,
// pprof). Zero padding keeps the order bytewise: a shorter key's padding
// never sorts after a longer key's byte.
type entryRef struct {
	p0, p1 uint64
	off    uint32
	k      uint32
	n      uint32
}

// keyPrefix is the first 16 bytes of key, zero-padded, as two big-endian
// words.
func keyPrefix(key []byte) (uint64, uint64) {
	var b [16]byte
	copy(b[:], key)
	return binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
}

// Sort-key kinds. Within a kind, entries sort by key, then by tag and the
// order the records were added, so a number's holders come first, in the
// order the records came, and the children naming it after them.
const (
	kindHousehold byte = 'H'
	kindNumber    byte = 'N'
	kindOld       byte = 'O'

	tagHolder byte = 0
	tagFather byte = 1
	tagMother byte = 2
)

// defaultScanBuffer is the size of the in-memory buffer of entries.
const defaultScanBuffer = 64 << 20

// NewScanner returns a scanner that passes findings to emit, in batches.
// Close releases its temporary files when Finish is not reached.
func (e *Engine) NewScanner(emit func([]Finding) error) *Scanner {
	return &Scanner{e: e, emit: emit, bufferBytes: defaultScanBuffer}
}

// SetEmit replaces the function findings go to, e.g. for Finish to write
// them where Add could not (not while Add runs).
func (s *Scanner) SetEmit(emit func([]Finding) error) { s.emit = emit }

// Add checks one citizen's record and files its entries for Finish.
func (s *Scanner) Add(c *registry.Citizen) error {
	if c.Status == registry.Merged {
		return nil
	}
	if fs := s.e.Record(c); len(fs) > 0 {
		if err := s.emit(fs); err != nil {
			return err
		}
	}
	s.seq++
	p := personView(c)
	s.person = appendPerson(s.person[:0], &p)
	if err := s.entry(kindHousehold, p.Household, tagHolder); err != nil {
		return err
	}
	if err := s.entry(kindNumber, p.IDNumber, tagHolder); err != nil {
		return err
	}
	for _, n := range c.CancelledIDNumbers {
		if err := s.entry(kindNumber, n, tagHolder); err != nil {
			return err
		}
	}
	if err := s.entry(kindNumber, p.FatherNumber, tagFather); err != nil {
		return err
	}
	if err := s.entry(kindNumber, p.MotherNumber, tagMother); err != nil {
		return err
	}
	return s.entry(kindOld, p.OldIDNumber, tagHolder)
}

// entry files the current Person under (kind, key); an empty key files
// nothing.
func (s *Scanner) entry(kind byte, key string, tag byte) error {
	if key == "" {
		return nil
	}
	// kind, key, 0, tag, seq (big-endian): bytewise order is the order
	// the groups need. Keys are numbers and references, without NUL.
	s.key = append(append(append(s.key[:0], kind), key...), 0, tag)
	s.key = binary.BigEndian.AppendUint64(s.key, s.seq)
	if len(s.buf) > 0 && len(s.buf)+len(s.key)+len(s.person) > s.bufferBytes {
		if err := s.spill(); err != nil {
			return err
		}
	}
	off := len(s.buf)
	s.buf = append(append(s.buf, s.key...), s.person...)
	p0, p1 := keyPrefix(s.key)
	s.entries = append(s.entries, entryRef{p0: p0, p1: p1, off: uint32(off), k: uint32(len(s.key)), n: uint32(len(s.key) + len(s.person))})
	return nil
}

func (s *Scanner) sortKey(r entryRef) []byte { return s.buf[r.off : r.off+r.k] }

func (s *Scanner) sortBuffer() {
	slices.SortFunc(s.entries, func(a, b entryRef) int {
		if a.p0 != b.p0 {
			return cmp.Compare(a.p0, b.p0)
		}
		if a.p1 != b.p1 {
			return cmp.Compare(a.p1, b.p1)
		}
		return bytes.Compare(s.sortKey(a), s.sortKey(b))
	})
}

// spill sorts the buffer and writes it as a run.
func (s *Scanner) spill() error {
	s.sortBuffer()
	f, err := os.CreateTemp(s.TempDir, "dancu-quality-*.run")
	if err != nil {
		return fmt.Errorf("quality scan: spill: %w", err)
	}
	// Unlinked at once: the open file is all that is needed, and the disk
	// is returned however the process ends.
	os.Remove(f.Name())
	s.runs = append(s.runs, f)
	w := bufio.NewWriterSize(f, 1<<20)
	var hdr [2 * binary.MaxVarintLen32]byte
	for _, r := range s.entries {
		h := binary.AppendUvarint(hdr[:0], uint64(r.k))
		h = binary.AppendUvarint(h, uint64(r.n-r.k))
		w.Write(h)
		w.Write(s.buf[r.off : r.off+r.n])
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("quality scan: spill: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("quality scan: spill: %w", err)
	}
	s.buf, s.entries = s.buf[:0], s.entries[:0]
	return nil
}

// Len is the number of records added.
func (s *Scanner) Len() int { return int(s.seq) }

// Close removes the scanner's runs; Finish calls it.
func (s *Scanner) Close() {
	for _, f := range s.runs {
		f.Close()
	}
	s.runs = nil
	s.buf, s.entries = nil, nil
}

// Finish runs the cross-record rules, group by group in key order.
func (s *Scanner) Finish() error {
	defer s.Close()
	var next func() (key, person []byte, err error)
	if len(s.runs) == 0 {
		s.sortBuffer()
		i := 0
		next = func() ([]byte, []byte, error) {
			if i == len(s.entries) {
				return nil, nil, io.EOF
			}
			r := s.entries[i]
			i++
			return s.buf[r.off : r.off+r.k], s.buf[r.off+r.k : r.off+r.n], nil
		}
	} else {
		if len(s.entries) > 0 {
			if err := s.spill(); err != nil {
				return err
			}
		}
		s.buf, s.entries = nil, nil
		m, err := newMerger(s.runs)
		if err != nil {
			return err
		}
		next = m.next
	}
	var g group
	for {
		key, person, err := next()
		if errors.Is(err, io.EOF) {
			return s.check(&g)
		}
		if err != nil {
			return fmt.Errorf("quality scan: read runs: %w", err)
		}
		if !g.holds(key) {
			if err := s.check(&g); err != nil {
				return err
			}
			g.reset(key)
		}
		p, err := decodePerson(person)
		if err != nil {
			return err
		}
		g.add(key[len(key)-9], p)
	}
}

// group is the entries of one (kind, key).
type group struct {
	prefix   []byte // kind, key, 0
	holders  []Person
	children []Person
	roles    []byte
}

func groupPrefix(key []byte) []byte { return key[:len(key)-9] } // without tag and seq

func (g *group) holds(key []byte) bool {
	return key != nil && g.prefix != nil && bytes.Equal(groupPrefix(key), g.prefix)
}

func (g *group) reset(key []byte) {
	g.prefix = append(g.prefix[:0], groupPrefix(key)...)
	g.holders, g.children, g.roles = g.holders[:0], g.children[:0], g.roles[:0]
}

func (g *group) add(tag byte, p Person) {
	if tag == tagHolder {
		g.holders = append(g.holders, p)
		return
	}
	g.children = append(g.children, p)
	g.roles = append(g.roles, tag)
}

// check runs the rules of one group.
func (s *Scanner) check(g *group) error {
	if g.prefix == nil {
		return nil
	}
	kind, key := g.prefix[0], string(g.prefix[1:len(g.prefix)-1])
	var fs []Finding
	switch kind {
	case kindHousehold:
		fs = s.e.Household(key, g.holders)
	case kindOld:
		if len(g.holders) > 1 {
			fs = s.e.SameOldNumber(key, g.holders)
		}
	case kindNumber:
		if len(g.holders) > 1 {
			fs = s.e.SameNumber(key, g.holders)
		}
		if len(g.holders) > 0 {
			// The number's first holder (current or cancelled), as the
			// children name it. Each parent's rules read only the child
			// and that parent, so they run once per parent.
			holder := &g.holders[0]
			for i := range g.children {
				var f, m *Person
				if g.roles[i] == tagFather {
					f = holder
				} else {
					m = holder
				}
				fs = append(fs, s.e.Parents(&g.children[i], f, m)...)
			}
		}
	}
	if len(fs) == 0 {
		return nil
	}
	return s.emit(fs)
}

// merger reads sorted runs in key order.
type merger struct {
	runs        *runmerge.Merger[*runReader]
	key, person []byte // the entry next returned
}

type runReader struct {
	r             *bufio.Reader
	key, person   []byte
	keyB, personB []byte
}

// Advance implements runmerge.Run: it reads the run's next entry.
func (r *runReader) Advance() (bool, error) {
	kn, err := binary.ReadUvarint(r.r)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	pn, err := binary.ReadUvarint(r.r)
	if err != nil {
		return false, io.ErrUnexpectedEOF
	}
	r.keyB = slices.Grow(r.keyB[:0], int(kn))[:kn]
	r.personB = slices.Grow(r.personB[:0], int(pn))[:pn]
	if _, err := io.ReadFull(r.r, r.keyB); err != nil {
		return false, io.ErrUnexpectedEOF
	}
	if _, err := io.ReadFull(r.r, r.personB); err != nil {
		return false, io.ErrUnexpectedEOF
	}
	r.key, r.person = r.keyB, r.personB
	return true, nil
}

func newMerger(runs []*os.File) (*merger, error) {
	readers := make([]*runReader, len(runs))
	for i, f := range runs {
		readers[i] = &runReader{r: bufio.NewReaderSize(f, 64<<10)}
	}
	m, err := runmerge.New(readers, func(a, b *runReader) bool { return bytes.Compare(a.key, b.key) < 0 })
	if err != nil {
		return nil, fmt.Errorf("quality scan: read runs: %w", err)
	}
	return &merger{runs: m}, nil
}

// next returns the smallest entry; its bytes stay valid until the
// following call.
func (m *merger) next() ([]byte, []byte, error) {
	top, ok := m.runs.Top()
	if !ok {
		return nil, nil, io.EOF
	}
	// Hand out copies of the top's bytes: advancing refills its buffers.
	m.key = append(m.key[:0], top.key...)
	m.person = append(m.person[:0], top.person...)
	if err := m.runs.Next(); err != nil {
		return nil, nil, err
	}
	return m.key, m.person, nil
}

// appendPerson encodes p: each string as a length and its bytes, the
// cancelled numbers as a count and strings, the birth date as three
// numbers.
func appendPerson(b []byte, p *Person) []byte {
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, s := range []string{p.CitizenID, p.RecordRef, p.IDNumber, p.OldIDNumber, string(p.Status), p.Household, p.Relation,
		p.FatherNumber, p.MotherNumber, p.Commune, p.Province} {
		str(s)
	}
	b = binary.AppendUvarint(b, uint64(len(p.Cancelled)))
	for _, s := range p.Cancelled {
		str(s)
	}
	b = binary.AppendVarint(b, int64(p.BirthDate.Year))
	b = binary.AppendVarint(b, int64(p.BirthDate.Month))
	return binary.AppendVarint(b, int64(p.BirthDate.Day))
}

var errBadPerson = errors.New("quality scan: malformed entry")

// decodePerson reverses appendPerson.
func decodePerson(b []byte) (Person, error) {
	bad := false
	str := func() string {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			bad = true
			b = nil
			return ""
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s
	}
	num := func() int {
		v, k := binary.Varint(b)
		if k <= 0 {
			bad = true
			b = nil
			return 0
		}
		b = b[k:]
		return int(v)
	}
	var p Person
	p.CitizenID, p.RecordRef, p.IDNumber, p.OldIDNumber = str(), str(), str(), str()
	p.Status = registry.Status(str())
	p.Household, p.Relation, p.FatherNumber, p.MotherNumber, p.Commune, p.Province = str(), str(), str(), str(), str(), str()
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return p, errBadPerson
	}
	b = b[k:]
	for ; n > 0 && !bad; n-- {
		p.Cancelled = append(p.Cancelled, str())
	}
	p.BirthDate = pdate.Date{Year: num(), Month: num(), Day: num()}
	if bad {
		return p, errBadPerson
	}
	return p, nil
}
