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
type Index struct {
	records []*Record
	blocks  map[string][]int32
	cap     int
	log     *slog.Logger
	capped  int
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
	return &Index{blocks: map[string][]int32{}, cap: blockCap, log: log}
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
		b := ix.blocks[k]
		if len(b) >= ix.cap {
			continue
		}
		ix.blocks[k] = append(b, pos)
		if len(b)+1 == ix.cap {
			ix.capped++
			if ix.log != nil {
				ix.log.Info("dedupe: block capped", "key_kind", k[:2], "size", ix.cap)
			}
		}
	}
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
		for _, p := range ix.blocks[k] {
			if ix.seen[p] != ix.stamp {
				ix.seen[p] = ix.stamp
				out = append(out, int(p))
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
