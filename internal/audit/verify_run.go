package audit

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"sort"
)

// verifyPage is how many records Verify reads at a time.
const verifyPage = 5000

// Verify checks the whole stored log against trusted public keys: every
// checkpoint's signature, every entry's chain hash, that sequence numbers
// have no gap, and that each checkpoint matches the chain. It reports the
// problem with the lowest sequence number.
func Verify(ctx context.Context, r Reader, trusted []ed25519.PublicKey) (Report, error) {
	return VerifyAgainst(ctx, r, trusted, nil)
}

// VerifyAgainst is Verify that also holds the log to signed heads kept
// outside it: the log must reach each head's seq with the same chain
// hash. A shorter log is Truncated, a different one Forked. A head not
// signed by a trusted key is an error, not a finding about the log.
func VerifyAgainst(ctx context.Context, r Reader, trusted []ed25519.PublicKey, heads []Checkpoint) (Report, error) {
	var rep Report
	heads = append([]Checkpoint(nil), heads...)
	sort.Slice(heads, func(i, j int) bool { return heads[i].Seq < heads[j].Seq })
	if p := checkSignatures(heads, trusted); p != nil {
		return rep, fmt.Errorf("audit: the trusted head at seq %d cannot be used: %s", p.Seq, p.Detail)
	}
	cps, err := r.AuditCheckpoints(ctx)
	if err != nil {
		return rep, fmt.Errorf("audit: read checkpoints: %w", err)
	}
	sort.Slice(cps, func(i, j int) bool { return cps[i].Seq < cps[j].Seq })
	rep.Checkpoints = len(cps)
	sigProblem := checkSignatures(cps, trusted)
	c := &chainCheck{cps: cps, heads: heads}
	var chainProblem *Problem
	for after := int64(0); chainProblem == nil; {
		recs, err := r.AuditRecords(ctx, after, verifyPage)
		if err != nil {
			return rep, fmt.Errorf("audit: read entries after %d: %w", after, err)
		}
		for i := range recs {
			if chainProblem = c.add(&recs[i]); chainProblem != nil {
				break
			}
		}
		if len(recs) < verifyPage {
			break
		}
		after = recs[len(recs)-1].Seq
	}
	if chainProblem == nil {
		chainProblem = c.finish()
	}
	rep.Entries, rep.LastSeq, rep.LastHash, rep.TrustedHeads = c.verified, c.seq, c.hash, c.matched
	if c.lastCP != nil {
		rep.LastCheckpoint, rep.Head = c.lastCP.Seq, c.lastCP
	}
	rep.Problem = first(sigProblem, chainProblem)
	return rep, nil
}

func first(a, b *Problem) *Problem {
	switch {
	case a == nil:
		return b
	case b == nil || a.Seq <= b.Seq:
		return a
	}
	return b
}
