package dedupe

import "context"

// leafLists holds, for each record of a full run, the blocks it is
// compared in: leaves[start[i]:start[i+1]] for record i, including full
// blocks it was not filed in.
type leafLists struct {
	leaves []int32
	start  []int32
}

// build indexes records into an empty index at once and returns each
// record's blocks. It first files every record under its keys, then splits
// the blocks that grew beyond the cap, so a block is split, or not, by its
// final size: a new record checked later against the index meets exactly
// the blocks a record of the run met (see Candidates).
func (ix *Index) build(ctx context.Context, records []Record) (leafLists, error) {
	n := len(records)
	if len(ix.blockOf) == 0 {
		// About six distinct keys a record (measured at 100,000 and
		// 1,000,000): sized once, the map is never rehashed as it grows.
		ix.blockOf = make(map[uint64]int32, n*6)
	}
	ix.records = make([]*Record, n)
	ix.seen = make([]uint32, n)
	blocks := make([]int32, 0, n*10)
	start := make([]int32, 1, n+1)
	for i := range records {
		if i%runChunk == 0 {
			if err := ctx.Err(); err != nil {
				return leafLists{}, err
			}
		}
		r := &records[i]
		ix.records[i] = r
		ix.keys.reset()
		blockingKeys(r, &ix.keys)
		for j := 0; j < ix.keys.len(); j++ {
			b := ix.block(ix.keys.key(j), ix.keys.kinds[j], false)
			blocks = append(blocks, b)
			ix.members[b] = append(ix.members[b], int32(i))
		}
		start = append(start, int32(len(blocks)))
	}
	anySplit := false
	for b, m := range ix.members {
		switch {
		case len(m) <= ix.cap:
		case refinable(ix.kind[b]):
			ix.members[b], ix.state[b] = nil, blockSplit
			ix.split++
			anySplit = true
		default:
			ix.members[b], ix.state[b] = m[:ix.cap:ix.cap], blockFull
			ix.capped++
		}
	}
	if !anySplit {
		return leafLists{leaves: blocks, start: start}, nil
	}
	// File the members of split blocks in the refined blocks, in record
	// order, so every block's members stay in index order.
	leaves := make([]int32, 0, len(blocks)+len(blocks)/4)
	lstart := make([]int32, 1, n+1)
	for i := range records {
		if i%runChunk == 0 {
			if err := ctx.Err(); err != nil {
				return leafLists{}, err
			}
		}
		own := blocks[start[i]:start[i+1]]
		keysBuilt := false
		for j, b := range own {
			if ix.state[b] != blockSplit {
				leaves = append(leaves, b)
				continue
			}
			if !keysBuilt { // the same keys, in the same order, as above
				ix.keys.reset()
				blockingKeys(&records[i], &ix.keys)
				keysBuilt = true
			}
			ix.sub.reset()
			refinedKeys(ix.kind[b], ix.keys.key(j), &records[i], &ix.sub)
			for s := 0; s < ix.sub.len(); s++ {
				sb := ix.block(ix.sub.key(s), ix.kind[b], true)
				ix.fileLeaf(sb, int32(i))
				leaves = append(leaves, sb)
			}
		}
		lstart = append(lstart, int32(len(leaves)))
	}
	return leafLists{leaves: leaves, start: lstart}, nil
}

// candidateMarks deduplicates candidates for one goroutine of a full run.
type candidateMarks struct {
	seen  []uint32
	stamp uint32
}

// candidatesBefore appends to out the positions below pos sharing a block
// with the record at pos, each once: what Candidates returns for that
// record against the records before it, so a full run finds each pair of
// records sharing a block once.
func (ix *Index) candidatesBefore(pos int, l *leafLists, m *candidateMarks, out []int32) []int32 {
	m.stamp++
	if m.stamp == 0 {
		clear(m.seen)
		m.stamp = 1
	}
	for _, b := range l.leaves[l.start[pos]:l.start[pos+1]] {
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
