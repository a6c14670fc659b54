package dedupe

import (
	"log/slog"
	"strconv"
)

// DefaultBlockCap bounds a block: a record is compared with at most this
// many records per key, so a very common key ("anh" born in 2000) costs a
// constant, not a quadratic, number of comparisons.
const DefaultBlockCap = 400

// Index files records under their blocking keys and proposes the records
// sharing a key with a new one as candidates. The same index serves a full
// run and the check of one new record.
//
// Each distinct key is hashed once, into a block number; a record keeps
// the numbers of its blocks (recordBlocks), so a full run finds candidates
// without building or hashing a key string again.
type Index struct {
	records []*Record
	blockOf map[string]int32
	members [][]int32
	// recordBlocks[blockStart[i]:blockStart[i+1]] are record i's blocks,
	// including full ones it was not filed in.
	recordBlocks []int32
	blockStart   []int32
	cap          int
	log          *slog.Logger
	capped       int
	// seen and stamp deduplicate candidates across keys without a map.
	seen  []uint32
	stamp uint32
}

// NewIndex returns an empty index; blockCap <= 0 means DefaultBlockCap.
// log receives one line per block that reaches its cap (nil: no logging).
func NewIndex(blockCap int, log *slog.Logger) *Index {
	if blockCap <= 0 {
		blockCap = DefaultBlockCap
	}
	return &Index{blockOf: map[string]int32{}, cap: blockCap, log: log, blockStart: []int32{0}}
}

// Len is the number of indexed records.
func (ix *Index) Len() int { return len(ix.records) }

// Record returns the i-th indexed record.
func (ix *Index) Record(i int) *Record { return ix.records[i] }

// CappedBlocks counts the blocks that reached the cap.
func (ix *Index) CappedBlocks() int { return ix.capped }

// Add indexes r and returns its position. A full block keeps its first
// members: later records are still compared with them but not filed.
func (ix *Index) Add(r *Record) int {
	pos := int32(len(ix.records))
	ix.records = append(ix.records, r)
	ix.seen = append(ix.seen, 0)
	for _, k := range BlockingKeys(r) {
		b, ok := ix.blockOf[k]
		if !ok {
			b = int32(len(ix.members))
			ix.blockOf[k] = b
			ix.members = append(ix.members, nil)
		}
		ix.recordBlocks = append(ix.recordBlocks, b)
		m := ix.members[b]
		if len(m) >= ix.cap {
			continue
		}
		ix.members[b] = append(m, pos)
		if len(m)+1 == ix.cap {
			ix.capped++
			if ix.log != nil {
				ix.log.Info("dedupe: block capped", "key_kind", k[:2], "size", ix.cap)
			}
		}
	}
	ix.blockStart = append(ix.blockStart, int32(len(ix.recordBlocks)))
	return int(pos)
}

// Candidates returns the positions of the indexed records sharing at least
// one key with r, each once, in index order of discovery.
func (ix *Index) Candidates(r *Record) []int {
	ix.stamp++
	if ix.stamp == 0 { // wrapped: forget old stamps
		clear(ix.seen)
		ix.stamp = 1
	}
	var out []int
	for _, k := range BlockingKeys(r) {
		b, ok := ix.blockOf[k]
		if !ok {
			continue
		}
		for _, p := range ix.members[b] {
			if ix.seen[p] != ix.stamp {
				ix.seen[p] = ix.stamp
				out = append(out, int(p))
			}
		}
	}
	return out
}

// candidateMarks deduplicates candidates for one goroutine of a full run.
type candidateMarks struct {
	seen  []uint32
	stamp uint32
}

// candidatesBefore appends to out the positions below pos sharing a block
// with the record at pos, each once: what Candidates returned when that
// record was added, so a full run over a complete index finds exactly the
// pairs of a record-by-record run.
func (ix *Index) candidatesBefore(pos int, m *candidateMarks, out []int32) []int32 {
	m.stamp++
	if m.stamp == 0 {
		clear(m.seen)
		m.stamp = 1
	}
	for _, b := range ix.recordBlocks[ix.blockStart[pos]:ix.blockStart[pos+1]] {
		for _, p := range ix.members[b] {
			if int(p) >= pos {
				break // members are in index order
			}
			if m.seen[p] != m.stamp {
				m.seen[p] = m.stamp
				out = append(out, p)
			}
		}
	}
	return out
}

// BlockingKeys lists r's keys. Each catches duplicates the others miss: a
// typo in the given name (surname + date, mother, household), a wrong or
// partial date (name + commune, household), a move (given name + year),
// reordered tokens (bag + year), and the numbers themselves.
func BlockingKeys(r *Record) []string {
	keys := make([]string, 0, 12)
	add := func(kind string, parts ...string) {
		k := kind
		for _, p := range parts {
			if p == "" {
				return
			}
			k += "|" + p
		}
		keys = append(keys, k)
	}
	year := ""
	if r.Birth.Year != 0 {
		year = strconv.Itoa(r.Birth.Year)
	}
	n := &r.Name
	add("gy", n.Given(), year)
	add("by", n.Bag(), year)
	if len(r.birthDigits) == 8 {
		add("sd", n.Surname(), r.birthDigits)
	}
	for _, c := range uniqueCommunes(r) {
		add("nc", n.SurnameGiven(), c)
	}
	add("my", r.Mother.Name.Full(), year)
	add("fy", r.Father.Name.Full(), year)
	add("hg", r.Household, n.Given())
	add("hy", r.Household, year)
	add("in", r.IDNumber)
	for _, c := range r.Cancelled {
		add("in", c)
	}
	add("on", r.OldNumber)
	return keys
}
