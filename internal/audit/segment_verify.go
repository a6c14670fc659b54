package audit

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxSegmentLine bounds one line of a segment file: an entry naming a
// page of search results is a few kilobytes; nothing legitimate nears this.
const maxSegmentLine = 4 << 20

// VerifySegment checks a sealed segment offline against trusted public
// keys: both checkpoints' signatures, that the previous checkpoint is the
// chain hash the segment starts from, every entry's chain hash in order
// with no gap, and that the chain reaches the head the last checkpoint
// signed. The first defect is in the report's Problem, with the entry's
// sequence number; an error means the file is not a segment at all.
func VerifySegment(r io.Reader, trusted []ed25519.PublicKey) (SegmentReport, error) {
	var rep SegmentReport
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), maxSegmentLine)
	line, n := func() (string, bool) {
		if !sc.Scan() {
			return "", false
		}
		return sc.Text(), true
	}, 0
	next := func() (string, bool) { n++; return line() }
	if l, _ := next(); l != segmentMagic {
		return rep, fmt.Errorf("audit: not a sealed segment (line 1 is not %q)", segmentMagic)
	}
	if err := rep.readHeader(next); err != nil {
		return rep, err
	}
	bounds := []Checkpoint{rep.Head}
	if rep.Previous != nil {
		bounds = append(bounds, *rep.Previous)
	}
	if rep.Problem = checkSignatures(bounds, trusted); rep.Problem != nil {
		return rep, nil
	}
	c := &chainCheck{seq: rep.After, hash: rep.AfterHash, cps: []Checkpoint{rep.Head}}
	for {
		l, ok := next()
		if !ok {
			if err := sc.Err(); err != nil {
				return rep, fmt.Errorf("audit: segment line %d: %w", n, err)
			}
			if rep.Problem = c.finish(); rep.Problem == nil {
				rep.Problem = &Problem{Seq: c.seq + 1, Kind: Truncated, Detail: "the segment file ends without its end line"}
			}
			rep.Entries = c.verified
			return rep, nil
		}
		if end, ok := strings.CutPrefix(l, "end "); ok {
			if last, err := strconv.ParseInt(end, 10, 64); err != nil || last != rep.Head.Seq {
				return rep, fmt.Errorf("audit: segment line %d: end %q is not the head's seq %d", n, end, rep.Head.Seq)
			}
			break
		}
		rec, err := parseSegmentEntry(l)
		if err != nil {
			return rep, fmt.Errorf("audit: segment line %d: %w", n, err)
		}
		if rep.Problem = c.add(rec); rep.Problem != nil {
			return rep, nil
		}
	}
	rep.Problem = c.finish()
	if rep.Problem == nil && c.seq != rep.Head.Seq {
		rep.Problem = &Problem{Seq: rep.Head.Seq + 1, Kind: Edited, Detail: fmt.Sprintf("the segment holds entries up to seq %d, past the head its checkpoint signed", c.seq)}
	}
	rep.Entries = c.verified
	return rep, nil
}

// readHeader reads the after, previous-head and head lines.
func (rep *SegmentReport) readHeader(next func() (string, bool)) error {
	l, _ := next()
	f := strings.Fields(l)
	if len(f) != 3 || f[0] != "after" {
		return fmt.Errorf("audit: segment line 2 is not \"after <seq> <hash>\"")
	}
	var err error
	if rep.After, err = strconv.ParseInt(f[1], 10, 64); err != nil || rep.After < 0 {
		return fmt.Errorf("audit: segment: after %q is not a sequence number", f[1])
	}
	if rep.AfterHash, err = ParseHash(f[2]); err != nil {
		return fmt.Errorf("audit: segment: after hash: %w", err)
	}
	l, _ = next()
	if prev, ok := strings.CutPrefix(l, "previous-head "); ok {
		cp, err := ParseSignedHead(prev)
		if err != nil {
			return fmt.Errorf("audit: segment: previous head: %w", err)
		}
		if cp.Seq != rep.After || cp.Hash != rep.AfterHash {
			return fmt.Errorf("audit: segment: the previous head (seq %d) is not the chain hash it starts after (seq %d)", cp.Seq, rep.After)
		}
		rep.Previous = &cp
		l, _ = next()
	} else if rep.After != 0 || rep.AfterHash != Genesis {
		return fmt.Errorf("audit: segment: it starts after seq %d without the checkpoint there (previous-head)", rep.After)
	}
	head, ok := strings.CutPrefix(l, "head ")
	if !ok {
		return fmt.Errorf("audit: segment: no head line")
	}
	if rep.Head, err = ParseSignedHead(head); err != nil {
		return fmt.Errorf("audit: segment: head: %w", err)
	}
	if rep.Head.Seq <= rep.After {
		return fmt.Errorf("audit: segment: its head (seq %d) is not after its start (seq %d)", rep.Head.Seq, rep.After)
	}
	return nil
}

// parseSegmentEntry reads "entry <seq> <hash> <canonical>". An entry whose
// canonical bytes do not decode is kept with Mismatch set, so that
// verification reports it at its seq as edited.
func parseSegmentEntry(l string) (*Record, error) {
	f := strings.Fields(l)
	if len(f) != 4 || f[0] != "entry" {
		return nil, fmt.Errorf("not \"entry <seq> <hash> <canonical>\"")
	}
	seq, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil || seq < 1 {
		return nil, fmt.Errorf("entry seq %q is not a sequence number", f[1])
	}
	rec := &Record{Seq: seq}
	if rec.Hash, err = ParseHash(f[2]); err != nil {
		return nil, fmt.Errorf("entry %d: hash: %w", seq, err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(f[3])
	if err == nil {
		rec.Entry, err = ParseCanonical(raw)
	}
	if err != nil {
		rec.Mismatch = "the archived entry does not decode: " + err.Error()
	} else if !bytes.Equal(Canonical(rec.Entry), raw) {
		rec.Mismatch = "the archived entry is not in canonical form"
	}
	return rec, nil
}

// Links checks that next continues this segment: it starts after this
// one's head, from the same chain hash.
func (rep SegmentReport) Links(next SegmentReport) error {
	if next.After != rep.Head.Seq || next.AfterHash != rep.Head.Hash {
		return fmt.Errorf("audit: the segment starts after seq %d (hash %s), but the previous segment ends at seq %d (hash %s): they are not consecutive",
			next.After, next.AfterHash, rep.Head.Seq, rep.Head.Hash)
	}
	return nil
}
