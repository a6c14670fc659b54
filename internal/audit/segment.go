package audit

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"io"
	"sort"
	"time"
)

// A sealed segment is the run of entries between two signed checkpoints,
// written as a text file to archive (cold storage) and verify offline with
// the checkpoint public key alone:
//
//	dancu-audit-segment v1
//	after <A> <chain hash at A, 64 hex; zeros when A is 0>
//	previous-head <the signed head line of the checkpoint at A; absent when A is 0>
//	head <the signed head line of the checkpoint at B>
//	entry <seq> <chain hash, 64 hex> <canonical entry, base64url>   (A+1 … B, one a line)
//	end <B>
//
// The checkpoint at B signs the chain hash of the last entry, and each
// entry's chain hash covers the one before, so recomputing the chain from
// the hash at A must reach it. The checkpoint at A anchors the start;
// consecutive segments link (one's head is the next one's previous head).
const segmentMagic = "dancu-audit-segment v1"

// SegmentReport says what a sealed segment holds.
type SegmentReport struct {
	After     int64 // the segment holds entries After+1 … Head.Seq
	AfterHash Hash
	Previous  *Checkpoint // the checkpoint at After (nil when After is 0)
	Head      Checkpoint
	Entries   int64
	Problem   *Problem // from VerifySegment: nil when the segment is intact
}

// ExportSegment verifies the stored entries after the checkpoint at seq
// after (0: from the first entry) up to the newest checkpoint signed at or
// before until, and writes them as a sealed segment to w. A log that does
// not verify over that range is not sealed: the problem is returned.
func ExportSegment(ctx context.Context, r Reader, trusted []ed25519.PublicKey, after int64, until time.Time, w io.Writer) (SegmentReport, error) {
	rep, err := segmentBounds(ctx, r, trusted, after, until)
	if err != nil {
		return rep, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintf(bw, "%s\nafter %d %s\n", segmentMagic, rep.After, rep.AfterHash)
	if rep.Previous != nil {
		fmt.Fprintf(bw, "previous-head %s\n", rep.Previous)
	}
	fmt.Fprintf(bw, "head %s\n", rep.Head)
	c := &chainCheck{seq: rep.After, hash: rep.AfterHash, cps: []Checkpoint{rep.Head}}
	for from := rep.After; from < rep.Head.Seq; {
		recs, err := r.AuditRecords(ctx, from, verifyPage)
		if err != nil {
			return rep, fmt.Errorf("audit: read entries after %d: %w", from, err)
		}
		if len(recs) == 0 {
			break
		}
		for i := range recs {
			if recs[i].Seq > rep.Head.Seq {
				break
			}
			if p := c.add(&recs[i]); p != nil {
				return rep, fmt.Errorf("not sealed: %w", p)
			}
			fmt.Fprintf(bw, "entry %d %s %s\n", recs[i].Seq, recs[i].Hash, base64.RawURLEncoding.EncodeToString(Canonical(recs[i].Entry)))
			from = recs[i].Seq
		}
	}
	if p := c.finish(); p != nil {
		return rep, fmt.Errorf("not sealed: %w", p)
	}
	rep.Entries = c.verified
	fmt.Fprintf(bw, "end %d\n", rep.Head.Seq)
	return rep, bw.Flush()
}

// segmentBounds finds the checkpoints at after and at the segment's end,
// and checks both are signed by a trusted key.
func segmentBounds(ctx context.Context, r Reader, trusted []ed25519.PublicKey, after int64, until time.Time) (SegmentReport, error) {
	rep := SegmentReport{After: after, AfterHash: Genesis}
	cps, err := r.AuditCheckpoints(ctx)
	if err != nil {
		return rep, fmt.Errorf("audit: read checkpoints: %w", err)
	}
	sort.Slice(cps, func(i, j int) bool { return cps[i].Seq < cps[j].Seq })
	found := after == 0
	var head *Checkpoint
	for i := range cps {
		switch {
		case cps[i].Seq == after && after > 0:
			rep.Previous, rep.AfterHash, found = &cps[i], cps[i].Hash, true
		case cps[i].Seq > after && !cps[i].Time.After(until):
			head = &cps[i]
		}
	}
	if !found {
		return rep, fmt.Errorf("audit: a segment starts after a checkpoint, and seq %d has none: start after the previous segment's last seq", after)
	}
	if head == nil {
		return rep, fmt.Errorf("audit: no checkpoint after seq %d was signed by %s: nothing to seal", after, until.UTC().Format(time.RFC3339))
	}
	rep.Head = *head
	bounds := []Checkpoint{rep.Head}
	if rep.Previous != nil {
		bounds = append(bounds, *rep.Previous)
	}
	if p := checkSignatures(bounds, trusted); p != nil {
		return rep, fmt.Errorf("not sealed: %w", p)
	}
	return rep, nil
}
