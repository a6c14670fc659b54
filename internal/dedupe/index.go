package dedupe

import (
	"hash/maphash"
	"log/slog"
)

// DefaultBlockCap bounds a block: a block that would hold more records is
// split into narrower parts (refinedKeys), so a common key ("anh" born in
// 1990, over a whole province) costs about as many comparisons per record
// on a million records as on a hundred thousand, instead of growing with
// the register; a full run's time is about proportional to it. Recall does
// not hang on it: a duplicate agrees with its original on some refinement.
// Blocks grow with the register, so a cap c on a million records splits
// about as much as c/10 on 100,000: there, caps of 40, 3 and 2 kept the
// generator set's figures and lost 0, 1 and 3 of the independent set's
// 7,888 pairs (match + review recall 0.9967, 0.9966, 0.9965).
const DefaultBlockCap = 24

// Block states.
const (
	blockOpen  uint8 = iota
	blockSplit       // members moved to the refined blocks
	blockFull        // at the cap and not refinable: later records are not filed
)

// Index files records under their blocking keys and proposes the records
// sharing a block with a new one as candidates. The same index serves a
// full run and the check of one new record.
//
// Each distinct key is hashed once, into a block number. A block that
// would grow beyond the cap is split: its members, and every later record
// with its key, are filed under the refined keys instead (refinedKeys).
type Index struct {
	records []*Record
	// blockOf maps a key's 64-bit hash (keyHash) to its block. Kept as
	// strings, the seven million keys of a million-record run held about
	// 400 MB; two keys of one hash would only share a block (more
	// candidates, never fewer), at odds of about one in a million per run.
	blockOf map[uint64]int32
	members [][]int32
	state   []uint8
	kind    []keyKind
	refined []bool // a part of a split block: never split again
	cap     int
	log     *slog.Logger
	capped  int
	split   int
	// seen and stamp deduplicate candidates across keys without a map.
	seen  []uint32
	stamp uint32
	// keys, sub: scratch for Add and Candidates.
	keys, sub keySet
}

// NewIndex returns an empty index; blockCap <= 0 means DefaultBlockCap.
// log receives nothing per block (a million-record run splits thousands);
// callers log the counts (CappedBlocks, SplitBlocks).
func NewIndex(blockCap int, log *slog.Logger) *Index {
	if blockCap <= 0 {
		blockCap = DefaultBlockCap
	}
	return &Index{blockOf: map[uint64]int32{}, cap: blockCap, log: log}
}

// Len is the number of indexed records.
func (ix *Index) Len() int { return len(ix.records) }

// Record returns the i-th indexed record.
func (ix *Index) Record(i int) *Record { return ix.records[i] }

// CappedBlocks counts the blocks that reached the cap and could not be
// split (numbers, or a part of a split block): later records sharing the
// key are compared with the first members but not filed.
func (ix *Index) CappedBlocks() int { return ix.capped }

// SplitBlocks counts the blocks split into refined parts.
func (ix *Index) SplitBlocks() int { return ix.split }

// block returns the number of key k, creating the block if needed.
func (ix *Index) block(k []byte, kind keyKind, refined bool) int32 {
	h := keyHash(k)
	if b, ok := ix.blockOf[h]; ok {
		return b
	}
	b := int32(len(ix.members))
	ix.blockOf[h] = b
	ix.members = append(ix.members, nil)
	ix.state = append(ix.state, blockOpen)
	ix.kind = append(ix.kind, kind)
	ix.refined = append(ix.refined, refined)
	return b
}

// Add indexes r and returns its position.
func (ix *Index) Add(r *Record) int {
	pos := int32(len(ix.records))
	ix.records = append(ix.records, r)
	ix.seen = append(ix.seen, 0)
	ix.keys.reset()
	blockingKeys(r, &ix.keys)
	for i := 0; i < ix.keys.len(); i++ {
		k, kind := ix.keys.key(i), ix.keys.kinds[i]
		ix.file(ix.block(k, kind, false), k, pos)
	}
	return int(pos)
}

// file adds the record at pos to block b (key k), or to its refined parts
// when b is split, splitting b when it is full.
func (ix *Index) file(b int32, k []byte, pos int32) {
	if ix.state[b] == blockOpen && len(ix.members[b]) >= ix.cap && !ix.refined[b] && refinable(ix.kind[b]) {
		ix.splitBlock(b, k)
	}
	switch ix.state[b] {
	case blockSplit:
		ix.sub.reset()
		refinedKeys(ix.kind[b], k, ix.records[pos], &ix.sub)
		for i := 0; i < ix.sub.len(); i++ {
			ix.fileLeaf(ix.block(ix.sub.key(i), ix.kind[b], true), pos)
		}
	default:
		ix.fileLeaf(b, pos)
	}
}

// fileLeaf adds pos to a block that is not split, up to the cap.
func (ix *Index) fileLeaf(b, pos int32) {
	m := ix.members[b]
	if n := len(m); n > 0 && m[n-1] == pos {
		return // two refinements of one record met in one block
	}
	if len(m) >= ix.cap {
		if ix.state[b] != blockFull {
			ix.state[b] = blockFull
			ix.capped++
		}
		return
	}
	ix.members[b] = append(m, pos)
}

// splitBlock moves b's members to their refined blocks.
func (ix *Index) splitBlock(b int32, k []byte) {
	k = append([]byte(nil), k...) // ix.sub reuses buffers the caller's k may share
	members := ix.members[b]
	ix.members[b], ix.state[b] = nil, blockSplit
	ix.split++
	for _, p := range members {
		ix.file(b, k, p)
	}
}

// refinable reports a kind with refined keys.
func refinable(kind keyKind) bool { return kind != kindNumber && kind != kindOldNumber }

// Candidates returns the positions of the indexed records sharing at least
// one block with r, each once, in index order of discovery.
func (ix *Index) Candidates(r *Record) []int {
	ix.stamp++
	if ix.stamp == 0 { // wrapped: forget old stamps
		clear(ix.seen)
		ix.stamp = 1
	}
	var out []int
	visit := func(b int32) {
		for _, p := range ix.members[b] {
			if ix.seen[p] != ix.stamp {
				ix.seen[p] = ix.stamp
				out = append(out, int(p))
			}
		}
	}
	ix.keys.reset()
	blockingKeys(r, &ix.keys)
	for i := 0; i < ix.keys.len(); i++ {
		k := ix.keys.key(i)
		b, ok := ix.blockOf[keyHash(k)]
		if !ok {
			continue
		}
		if ix.state[b] != blockSplit {
			visit(b)
			continue
		}
		ix.sub.reset()
		refinedKeys(ix.kind[b], k, r, &ix.sub)
		for j := 0; j < ix.sub.len(); j++ {
			if sb, ok := ix.blockOf[keyHash(ix.sub.key(j))]; ok {
				visit(sb)
			}
		}
	}
	return out
}

var keySeed = maphash.MakeSeed() // block numbers live in one process

// keyHash is the block map's key for blocking key k.
func keyHash(k []byte) uint64 { return maphash.Bytes(keySeed, k) }
