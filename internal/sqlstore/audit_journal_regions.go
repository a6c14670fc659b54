package sqlstore

import (
	"encoding/binary"
	"hash/crc32"
	"slices"
)

// The audit journal's two regions. Region A runs from the header to
// journalRegionBStart, region B from there to the end of the file, which
// it may grow. Records go into one region until it is full; the writer
// then turns to the other, from its start when every record there is
// durable on the chain, otherwise after its run (region B only: A cannot
// grow). No record is overwritten before the chain holds it durably, and
// the file stops growing once it holds what waits for the chain between
// two moves.
//
// Why two: the journal was one run, rewound to its start only at a moment
// when everything in it was on the chain. Under steady load that moment
// never came, so the file grew by every entry (22 MB in a 30 s read
// benchmark) and every fdatasync also wrote the file's new size and
// blocks: ~200 against ~150 µs, and 76–86 against 62 µs of CPU (stop 27).
// A server never idle would also have grown it past journalMaxFileBytes,
// which a restart refuses to read.
const (
	journalRegionA = 0
	journalRegionB = 1
	// journalRegionBStart is where region B begins and region A ends.
	journalRegionBStart = 4 << 20
	// journalRegionSize is how much of region B is written before the
	// writer turns back to A (when A is free): B grows past it only while
	// A waits for the chain.
	journalRegionSize = 4 << 20
	// journalInitialSize is zero-filled when the file is created.
	journalInitialSize = journalRegionBStart + journalRegionSize
	// journalRewindAt: with everything durable on the chain, a writer past
	// this point of A, or anywhere in B, starts again at the start of A, so
	// a lightly loaded server keeps to the file's first pages.
	journalRewindAt = 1 << 20
)

// journalRegions is where the next record goes (the region being written
// and the offset in it), and each region's current run: where it ends
// and its highest jseq (0: none).
type journalRegions struct {
	cur  int
	off  int64
	end  [2]int64
	last [2]int64
}

func regionStart(r int) int64 {
	if r == journalRegionA {
		return journalHeaderSize
	}
	return journalRegionBStart
}

// fresh places the writer at the start of region A, both regions empty.
func freshRegions() journalRegions {
	g := journalRegions{end: [2]int64{regionStart(journalRegionA), regionStart(journalRegionB)}}
	g.begin(journalRegionA)
	return g
}

// begin starts region r's run again from its start.
func (g *journalRegions) begin(r int) {
	g.cur, g.off, g.end[r], g.last[r] = r, regionStart(r), regionStart(r), 0
}

// place moves the writer, if need be, so that n bytes of records fit
// where it stands, given that the chain holds every jseq through durable
// and that next is the first jseq to be written. It reports whether the
// writer turned from one region to the other with records of the region
// it left still to be moved: the mover should take them now.
func (g *journalRegions) place(n, durable, next int64) (turned bool) {
	free := func(r int) bool { return g.last[r] <= durable }
	fitsA := regionStart(journalRegionA)+n <= journalRegionBStart
	switch {
	case durable >= next-1 && fitsA && (g.cur == journalRegionB || g.off >= journalRewindAt):
		g.begin(journalRegionA)
	case g.cur == journalRegionA && g.off+n > journalRegionBStart:
		if free(journalRegionB) {
			g.begin(journalRegionB)
		} else {
			g.cur, g.off = journalRegionB, g.end[journalRegionB]
		}
		return true
	case g.cur == journalRegionB && g.off+n > journalRegionBStart+journalRegionSize && fitsA && free(journalRegionA):
		g.begin(journalRegionA)
		return true
	}
	return false
}

// wrote records that n bytes of records ending with jseq last were
// written where the writer stands.
func (g *journalRegions) wrote(n, last int64) {
	g.off += n
	g.end[g.cur], g.last[g.cur] = g.off, last
}

// appendJournalRecord appends one record: length, CRC-32C of jseq and
// entry, jseq, entry.
func appendJournalRecord(buf []byte, jseq int64, entry []byte) []byte {
	start := len(buf)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(entry)))
	buf = binary.LittleEndian.AppendUint32(buf, 0)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(jseq))
	buf = append(buf, entry...)
	binary.LittleEndian.PutUint32(buf[start+4:], crc32.Checksum(buf[start+8:], journalCRC))
	return buf
}

// scanRun reads the run of records from start, none ending past bound,
// whose jseq rise: it returns the offset after the run, the run's
// highest jseq (0: none) and its records above movedThrough.
func scanRun(data []byte, start, bound, movedThrough int64) (end, last int64, pending []journalRecord) {
	bound = min(bound, int64(len(data)))
	pos := start
	for pos+journalRecordHead <= bound {
		n := int64(binary.LittleEndian.Uint32(data[pos:]))
		sum := binary.LittleEndian.Uint32(data[pos+4:])
		jseq := int64(binary.LittleEndian.Uint64(data[pos+8:]))
		if n == 0 || n > journalMaxEntry || pos+journalRecordHead+n > bound || jseq <= last {
			break
		}
		if crc32.Checksum(data[pos+8:pos+journalRecordHead+n], journalCRC) != sum {
			break
		}
		if jseq > movedThrough {
			pending = append(pending, journalRecord{jseq: jseq, entry: slices.Clone(data[pos+journalRecordHead : pos+journalRecordHead+n])})
		}
		last = jseq
		pos += journalRecordHead + n
	}
	return pos, last, pending
}

// journalScan is what recovery finds in a journal of two regions.
type journalScan struct {
	regions journalRegions  // each region's run, the writer after the newest record
	last    int64           // the highest jseq of either run (0: none)
	pending []journalRecord // above movedThrough, by jseq, without a gap
}

// scanJournal reads both regions' runs. The entries above movedThrough
// are taken in jseq order up to the first gap: every record a sync
// acknowledged was written before any later one, so one missing is
// damage, and nothing after it was acknowledged alone.
func scanJournal(data []byte, movedThrough int64) journalScan {
	return scanRegions(data, journalRegionBStart, movedThrough)
}

// scanRegions is scanJournal with region B at bStart (tests and fuzzing
// place it near the header).
func scanRegions(data []byte, bStart, movedThrough int64) journalScan {
	s := journalScan{regions: freshRegions()}
	for r, start := range [...]int64{journalHeaderSize, bStart} {
		bound := int64(len(data))
		if r == journalRegionA {
			bound = bStart
		}
		end, last, pending := scanRun(data, start, bound, movedThrough)
		s.regions.end[r], s.regions.last[r] = end, last
		s.last = max(s.last, last)
		s.pending = append(s.pending, pending...)
	}
	slices.SortFunc(s.pending, func(a, b journalRecord) int { return int(a.jseq - b.jseq) })
	for i := 1; i < len(s.pending); i++ {
		if s.pending[i].jseq != s.pending[i-1].jseq+1 {
			s.pending = s.pending[:i]
			break
		}
	}
	if len(s.pending) > 0 {
		newest := s.pending[len(s.pending)-1].jseq
		s.regions.cur = journalRegionA
		if s.regions.last[journalRegionB] == newest {
			s.regions.cur = journalRegionB
		}
		s.regions.off = s.regions.end[s.regions.cur]
	}
	return s
}
