package audit

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"time"
)

// ProblemKind says what verification found wrong.
type ProblemKind string

const (
	Edited        ProblemKind = "edited"    // an entry's content or hash changed
	Missing       ProblemKind = "missing"   // a sequence number is absent (deleted)
	Reordered     ProblemKind = "reordered" // entries swapped places
	Truncated     ProblemKind = "truncated" // a checkpoint or a trusted head covers entries that are gone
	Forked        ProblemKind = "forked"    // the log differs from a trusted head kept outside it
	BadCheckpoint ProblemKind = "checkpoint_mismatch"
	BadSignature  ProblemKind = "checkpoint_signature"
	UnknownKey    ProblemKind = "checkpoint_unknown_key"
	// BadRestore: a restore entry that does not follow the log it says
	// was restored, or one no trusted checkpoint signs (restore.go).
	BadRestore ProblemKind = "restore"
)

// Problem is the first defect, at sequence number Seq.
type Problem struct {
	Seq    int64
	Kind   ProblemKind
	Detail string
}

func (p Problem) Error() string {
	return fmt.Sprintf("audit log is not intact at seq %d: %s: %s", p.Seq, p.Kind, p.Detail)
}

// Report is the outcome of a verification.
type Report struct {
	Entries     int64 // entries whose chain hash was checked
	Checkpoints int   // checkpoints whose signature was checked
	LastSeq     int64
	LastHash    Hash
	// LastCheckpoint is the newest valid checkpoint's seq; entries after it
	// are chained but not yet signed.
	LastCheckpoint int64
	// Head is that newest valid checkpoint, to publish or keep as a signed
	// head (nil: none yet).
	Head *Checkpoint
	// TrustedHeads is how many heads kept outside the log were matched.
	TrustedHeads int
	Problem      *Problem // nil: intact
}

// checkSignatures finds the first checkpoint not signed by a trusted key.
func checkSignatures(cps []Checkpoint, keys []ed25519.PublicKey) *Problem {
	byID := map[string]ed25519.PublicKey{}
	for _, k := range keys {
		byID[KeyID(k)] = k
	}
	for _, c := range cps {
		k, ok := byID[c.KeyID]
		if !ok {
			return &Problem{Seq: c.Seq, Kind: UnknownKey, Detail: "signed by key " + c.KeyID + ", which is not trusted"}
		}
		if !c.Valid(k) {
			return &Problem{Seq: c.Seq, Kind: BadSignature, Detail: "the signature does not match (seq, hash, time)"}
		}
	}
	return nil
}

// chainCheck walks records in seq order with one record of look-ahead, so
// a hash mismatch can be told apart from a swap.
type chainCheck struct {
	seq      int64
	hash     Hash
	pending  *Record
	cps      []Checkpoint // still ahead, by seq
	heads    []Checkpoint // trusted heads still ahead, by seq
	verified int64
	lastCP   *Checkpoint
	matched  int // trusted heads matched
	restores restoreCheck
}

// add takes the next stored record; it returns the first problem.
func (c *chainCheck) add(next *Record) *Problem {
	if c.pending == nil {
		c.pending = next
		return nil
	}
	r := c.pending
	c.pending = next
	if r.Seq != c.seq+1 {
		return &Problem{Seq: c.seq + 1, Kind: Missing, Detail: fmt.Sprintf("the next stored entry is %d", r.Seq)}
	}
	if want := Link(c.hash, r.Seq, r.Entry); want != r.Hash {
		if next != nil && Link(c.hash, r.Seq, next.Entry) == next.Hash {
			return &Problem{Seq: r.Seq, Kind: Reordered, Detail: fmt.Sprintf("entry stored at %d belongs at %d", next.Seq, r.Seq)}
		}
		return &Problem{Seq: r.Seq, Kind: Edited, Detail: "content does not match its chain hash"}
	}
	if r.Mismatch != "" {
		return &Problem{Seq: r.Seq, Kind: Edited, Detail: r.Mismatch}
	}
	if r.Entry.Action == ActionRestore {
		if p := c.applyRestore(r, c.hash); p != nil {
			return p
		}
	}
	c.seq, c.hash = r.Seq, r.Hash
	c.verified++
	for len(c.cps) > 0 && c.cps[0].Seq <= c.seq {
		cp := c.cps[0]
		c.cps = c.cps[1:]
		if cp.Seq < c.seq {
			continue // only possible if its entry was missing: reported already
		}
		if !bytes.Equal(cp.Hash[:], c.hash[:]) {
			return &Problem{Seq: cp.Seq, Kind: BadCheckpoint, Detail: "the chain differs from what was signed (entries up to here were rewritten)"}
		}
		c.lastCP = &cp
	}
	// The chain hash at a seq commits to every entry up to it, so one
	// comparison per trusted head proves the whole prefix unchanged.
	for len(c.heads) > 0 && c.heads[0].Seq <= c.seq {
		h := c.heads[0]
		c.heads = c.heads[1:]
		if !bytes.Equal(h.Hash[:], c.hash[:]) {
			return &Problem{Seq: h.Seq, Kind: Forked, Detail: fmt.Sprintf("the log differs from the trusted head signed at %s: entries up to seq %d were replaced after it was published",
				h.Time.UTC().Format(time.RFC3339), h.Seq)}
		}
		c.matched++
	}
	return nil
}

// finish checks that no checkpoint points past the end.
func (c *chainCheck) finish() *Problem {
	if c.pending != nil {
		if p := c.add(nil); p != nil {
			return p
		}
	}
	if len(c.cps) > 0 {
		return &Problem{Seq: c.seq + 1, Kind: Truncated, Detail: fmt.Sprintf("a checkpoint covers seq %d but the log ends at %d", c.cps[len(c.cps)-1].Seq, c.seq)}
	}
	if c.restores.excused > 0 && (c.lastCP == nil || c.lastCP.Seq < c.restores.lastSeq) {
		return &Problem{Seq: c.restores.lastSeq, Kind: BadRestore, Detail: "no trusted checkpoint signs the restore entry that excuses the lost heads: sign one with dancu audit checkpoint"}
	}
	if len(c.heads) > 0 {
		h := c.heads[len(c.heads)-1]
		return &Problem{Seq: c.seq + 1, Kind: Truncated, Detail: fmt.Sprintf("the trusted head signed at %s covers seq %d but the log ends at %d: its tail was cut",
			h.Time.UTC().Format(time.RFC3339), h.Seq, c.seq)}
	}
	return nil
}
