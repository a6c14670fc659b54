package dedupe

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// bigBlocks remembers, in a fixed bitmap, the blocking keys whose block
// outgrew the cap (split or capped). A pair found in a block is scored
// there unless it shares an earlier key (in hash order) whose block was
// neither: that block compared every pair of its members, so the pair
// was scored already. A key wrongly taken for big (two hashes on one bit)
// only makes a pair scored twice; the pairs found are deduplicated at the
// end, so the outcome does not depend on the bitmap's size, only the work.
type bigBlocks struct{ bits []atomic.Uint64 }

const bigBlockBits = 1 << 25 // 4 MB

func newBigBlocks() *bigBlocks { return &bigBlocks{bits: make([]atomic.Uint64, bigBlockBits/64)} }

func (b *bigBlocks) mark(h uint64) {
	i := h % bigBlockBits
	b.bits[i/64].Or(1 << (i % 64))
}

func (b *bigBlocks) has(h uint64) bool {
	i := h % bigBlockBits
	return b.bits[i/64].Load()&(1<<(i%64)) != 0
}

// sortedBlock is one blocking key's rows, in the locality order.
type sortedBlock struct {
	hash uint64
	rows []keyRow
}

// blockJob is a few blocks handed to a worker at once.
const blockJobRows = 2048

// foundPair is a pair scored above the floor, with the records' places
// in the locality order (seq breaks ties), for deduplication and order.
type foundPair struct {
	pair        Pair
	left, right uint64 // seqs
}

// scoreBlocks reads the merged rows block by block and scores each block
// on workers goroutines, holding only the blocks being scored.
func scoreBlocks(ctx context.Context, m *rowMerger, records ScratchFile, recordBytes int64, d *Detector, blockCap, workers int) ([]foundPair, int, error) {
	big := newBigBlocks()
	jobs := make(chan []sortedBlock, workers*2)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		found    []foundPair
		scored   atomic.Int64
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	src, err := newRecordSource(records, recordBytes)
	if err != nil {
		return nil, 0, err
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &blockWorker{d: d, scorer: d.Scorer.fork(), src: src, big: big, cap: blockCap}
			for job := range jobs {
				for _, b := range job {
					if err := w.block(b); err != nil {
						fail(err)
						break
					}
				}
			}
			scored.Add(int64(w.scored))
			mu.Lock()
			found = append(found, w.found...)
			mu.Unlock()
		}()
	}
	err = feedBlocks(ctx, m, big, blockCap, jobs)
	close(jobs)
	wg.Wait()
	if err == nil {
		err = firstErr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, 0, err
	}
	return dedupeFound(found), int(scored.Load()), nil
}

// feedBlocks groups the merged rows by hash and sends the blocks that can
// hold a pair; a block over the cap is marked big before any later block
// is sent, so a worker asking about an earlier key finds it marked.
func feedBlocks(ctx context.Context, m *rowMerger, big *bigBlocks, blockCap int, jobs chan<- []sortedBlock) error {
	var job []sortedBlock
	jobRows := 0
	var cur sortedBlock
	send := func() error {
		if len(cur.rows) > blockCap {
			big.mark(cur.hash)
		}
		if len(cur.rows) >= 2 && cur.rows[0].seq != cur.rows[len(cur.rows)-1].seq {
			job = append(job, cur)
			jobRows += len(cur.rows)
		}
		cur = sortedBlock{}
		if jobRows >= blockJobRows {
			select {
			case jobs <- job:
			case <-ctx.Done():
				return ctx.Err()
			}
			job, jobRows = nil, 0
		}
		return nil
	}
	for {
		h, row, ok, err := m.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if len(cur.rows) > 0 && h != cur.hash {
			if err := send(); err != nil {
				return err
			}
		}
		cur.hash = h
		cur.rows = append(cur.rows, row)
	}
	if len(cur.rows) > 0 {
		if err := send(); err != nil {
			return err
		}
	}
	if len(job) > 0 {
		select {
		case jobs <- job:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// dedupeFound keeps one of each pair found in several blocks, in the
// order of the right record then the left, as the in-memory run gives.
func dedupeFound(found []foundPair) []foundPair {
	slices.SortFunc(found, func(a, b foundPair) int {
		return cmp.Or(compareLocality(a.pair.Right, b.pair.Right, a.right, b.right),
			compareLocality(a.pair.Left, b.pair.Left, a.left, b.left))
	})
	return slices.CompactFunc(found, func(a, b foundPair) bool { return a.left == b.left && a.right == b.right })
}

// compareLocality orders records as OrderForLocality does, seq (the order
// read) breaking ties.
func compareLocality(a, b *Record, sa, sb uint64) int {
	return cmp.Or(cmp.Compare(a.Name.Given(), b.Name.Given()), cmp.Compare(a.birthDigits, b.birthDigits),
		cmp.Compare(a.Name.Surname(), b.Name.Surname()), cmp.Compare(sa, sb))
}

// recordSource reads spilled records back: in place from the mapped
// file where the scratch adapter maps it and the file is at most
// mapLimit, else with ReadAt.
type recordSource struct {
	file   ScratchFile
	mapped []byte
}

// mapLimit bounds the records file that pass 2 maps. Mapped pages count
// in the run's resident memory once touched, and pass 2 touches them all:
// it reads records at random, and on Linux a fault maps the file cache's
// whole folio (up to 2 MB), so evicting pages (MADV_DONTNEED) as reads go
// on bounded nothing: they were all back within a few megabytes of reads.
// The records file takes about 470 bytes a record (464 MB at a million
// records, mapped; 4.6 GB at ten million, read with pread), so the
// mapping adds at most this much to the run's peak.
var mapLimit = int64(1 << 30)

func newRecordSource(f ScratchFile, size int64) (*recordSource, error) {
	src := &recordSource{file: f}
	if mf, ok := f.(MappableFile); ok && size <= mapLimit {
		b, err := mf.Map()
		if err != nil {
			return nil, err
		}
		src.mapped = b
	}
	return src, nil
}

// blockWorker scores blocks; its buffers are reused from block to block,
// so it holds at most the largest block.
type blockWorker struct {
	d      *Detector
	scorer *Scorer
	src    *recordSource
	big    *bigBlocks
	cap    int
	buf    []byte
	// members of the block being scored: records, their seqs, and each
	// one's blocking-key hashes, sorted. A member is decoded into a slab
	// reused for the next block; its strings point into the spilled
	// bytes (raw), which may be the mapped file, so a record that goes
	// into a pair found is decoded again into memory of its own (owned).
	recs  []*Record
	slabs []*recordSlab
	raw   []string
	owned []*Record
	seqs  []uint64
	first []int // index of each member's first row
	keys  [][]uint64
	sub   keySet
	local map[[2]int32]bool // pairs scored in this block (a split block's parts overlap)
	found []foundPair
	// scored counts pairs scored, more than the in-memory run's count
	// where a pair shares a big block with another.
	scored int
}

// block scores one block: every pair, unless it holds more than the cap;
// a refinable block is then split into parts by refinedKeys and each part
// scored (a part's first cap members against all its records), and a
// block of numbers compares its first cap rows with every record, as the
// in-memory index does (Index.build).
func (w *blockWorker) block(b sortedBlock) error {
	if err := w.load(b.rows); err != nil {
		return err
	}
	n := len(w.recs)
	w.local = nil
	switch {
	case len(b.rows) <= w.cap:
		return w.leaf(b.hash, identity(n), n)
	case refinable(b.rows[0].kind):
		clear(w.local)
		parts := map[string][]int32{}
		var order []string
		for i, r := range w.recs {
			w.sub.reset()
			refinedKeys(b.rows[0].kind, nil, r, &w.sub)
			for j := 0; j < w.sub.len(); j++ {
				k := string(w.sub.key(j))
				if _, ok := parts[k]; !ok {
					order = append(order, k)
				}
				if p := parts[k]; len(p) == 0 || p[len(p)-1] != int32(i) {
					parts[k] = append(p, int32(i))
				}
			}
		}
		if w.local == nil {
			w.local = map[[2]int32]bool{}
		}
		for _, k := range order {
			if err := w.leaf(b.hash, parts[k], w.cap); err != nil {
				return err
			}
		}
	default:
		// The block's members are its first cap rows; a record may fill
		// two of them (a number both current and cancelled).
		members := 0
		for i, first := range w.first {
			if first < w.cap {
				members = i + 1
			}
		}
		return w.leaf(b.hash, identity(n), members)
	}
	return nil
}

func identity(n int) []int32 {
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(i)
	}
	return out
}

// leaf scores the pairs of one leaf block: records at members (in order)
// and each later record against the first limit of them.
func (w *blockWorker) leaf(hash uint64, members []int32, limit int) error {
	floor := min(w.d.min, w.d.T.Review)
	for j := 1; j < len(members); j++ {
		q := members[j]
		for _, p := range members[:min(j, limit)] {
			if w.scoredBefore(hash, p, q) {
				continue
			}
			if w.local != nil {
				if w.local[[2]int32{p, q}] {
					continue
				}
				w.local[[2]int32{p, q}] = true
			}
			w.scored++
			left, right := w.recs[p], w.recs[q]
			sc := w.scorer.scoreAbove(left, right, floor)
			dec := w.d.T.Decide(sc, sameNumber(left, right))
			if dec == Distinct || sc.Weight < w.d.min {
				continue
			}
			l, err := w.own(p)
			if err != nil {
				return err
			}
			r, err := w.own(q)
			if err != nil {
				return err
			}
			w.found = append(w.found, foundPair{pair: Pair{Left: l, Right: r, Score: sc, Decision: dec},
				left: w.seqs[p], right: w.seqs[q]})
		}
	}
	return nil
}

// scoredBefore reports a pair sharing a key before hash whose block
// compared all its members (see bigBlocks).
func (w *blockWorker) scoredBefore(hash uint64, p, q int32) bool {
	a, b := w.keys[p], w.keys[q]
	for i, j := 0, 0; i < len(a) && j < len(b) && a[i] < hash && b[j] < hash; {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			if !w.big.has(a[i]) {
				return true
			}
			i, j = i+1, j+1
		}
	}
	return false
}

// own returns member i decoded into memory of its own, which outlives the
// block and the mapping (once a block, however many pairs it is in).
func (w *blockWorker) own(i int32) (*Record, error) {
	if w.owned[i] == nil {
		sl := new(recordSlab)
		if err := sl.decode(strings.Clone(w.raw[i])); err != nil {
			return nil, fmt.Errorf("record %d: %w", w.seqs[i], err)
		}
		w.owned[i] = &sl.rec
	}
	return w.owned[i], nil
}

// load reads the block's records, each once, into the worker's slabs.
func (w *blockWorker) load(rows []keyRow) error {
	w.recs, w.raw, w.owned, w.seqs, w.first, w.keys = w.recs[:0], w.raw[:0], w.owned[:0], w.seqs[:0], w.first[:0], w.keys[:0]
	for i, row := range rows {
		if i > 0 && rows[i-1].seq == row.seq {
			continue // a record filed twice under the key
		}
		b, err := w.read(row)
		if err != nil {
			return err
		}
		var hs []uint64
		if len(w.keys) < cap(w.keys) {
			hs = w.keys[:len(w.keys)+1][len(w.keys)][:0]
		}
		hs, rest, err := readKeyHashes(b, hs)
		if err != nil {
			return fmt.Errorf("record %d: %w", row.seq, err)
		}
		var raw string
		if w.src.mapped != nil {
			raw = unsafe.String(unsafe.SliceData(rest), len(rest)) // read-only until the file is closed, after pass 2
		} else {
			raw = string(rest) // w.buf is reused
		}
		n := len(w.recs)
		if n == len(w.slabs) {
			w.slabs = append(w.slabs, new(recordSlab))
		}
		sl := w.slabs[n]
		if err := sl.decode(raw); err != nil {
			return fmt.Errorf("record %d: %w", row.seq, err)
		}
		sl.shares = recordShares{}
		sl.rec.shares = &sl.shares
		w.recs = append(w.recs, &sl.rec)
		w.raw = append(w.raw, raw)
		w.owned = append(w.owned, nil)
		w.seqs = append(w.seqs, row.seq)
		w.first = append(w.first, i)
		w.keys = append(w.keys, hs)
	}
	return nil
}

// read returns the spilled bytes of row's record: a slice of the mapped
// file, or of w.buf, valid until the next read.
func (w *blockWorker) read(row keyRow) ([]byte, error) {
	if m := w.src.mapped; m != nil {
		end := row.off + uint64(row.n)
		if end > uint64(len(m)) || end < row.off {
			return nil, fmt.Errorf("dedupe spill: record %d lies past the end of the file", row.seq)
		}
		return m[row.off:end:end], nil
	}
	if cap(w.buf) < int(row.n) {
		w.buf = make([]byte, row.n)
	}
	buf := w.buf[:row.n]
	if _, err := w.src.file.ReadAt(buf, int64(row.off)); err != nil {
		return nil, fmt.Errorf("dedupe spill: read record %d: %w", row.seq, err)
	}
	return buf, nil
}
