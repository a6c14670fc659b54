package audit

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A restore from backup rolls the log back: the entries after the backup's
// last one are gone, and the seq numbers after it are reused by what
// happens next. Heads published before the restore then no longer match
// the log (Truncated or Forked), which is right: something was lost. The
// restore entry is the first entry after the restored log; it records the
// rollback, and once a checkpoint signed by a trusted key covers it,
// verification accepts that the trusted heads it names were lost instead
// of reporting the log cut or replaced. Nothing else is excused: the
// restored prefix must still match every head up to it.

// ActionRestore is the restore entry's action.
const ActionRestore = "audit.restore"

// Rollback is what a restore lost.
type Rollback struct {
	// RestoredSeq and RestoredHash are the last entry of the restored log.
	RestoredSeq  int64
	RestoredHash Hash
	// LostSeq and LostHash are the newest head published before the
	// restore (0 when the operator had none): entries RestoredSeq+1 to
	// LostSeq were lost.
	LostSeq  int64
	LostHash Hash
	// Backup names the backup restored (a file, a pgBackRest label).
	Backup string
	// Reason says why the register was restored.
	Reason string
}

// restoreField prefixes the rollback's fields in the entry's Fields list
// (the entry's schema has no other place; a prefix keeps them apart from
// personal-data field names).
const restoreField = "rollback."

// RestoreEntry is the entry that records r, made by operator at t.
func RestoreEntry(r Rollback, operator string, t time.Time) Entry {
	f := []string{
		restoreField + "restored_seq=" + strconv.FormatInt(r.RestoredSeq, 10),
		restoreField + "restored_hash=" + r.RestoredHash.String(),
		restoreField + "lost_seq=" + strconv.FormatInt(r.LostSeq, 10),
		restoreField + "lost_hash=" + r.LostHash.String(),
	}
	if r.Backup != "" {
		f = append(f, restoreField+"backup="+strings.ReplaceAll(r.Backup, ",", ";"))
	}
	return Entry{Time: t, Action: ActionRestore, Username: operator, Role: "operator", Route: "cli:restore",
		Purpose: r.Reason, Fields: f, Result: "rollback"}
}

// ParseRollback reads the rollback a restore entry records.
func ParseRollback(e Entry) (Rollback, error) {
	var r Rollback
	if e.Action != ActionRestore {
		return r, fmt.Errorf("audit: %s is not a restore entry", e.Action)
	}
	r.Reason = e.Purpose
	kv := map[string]string{}
	for _, f := range e.Fields {
		if k, v, ok := strings.Cut(strings.TrimPrefix(f, restoreField), "="); ok && strings.HasPrefix(f, restoreField) {
			kv[k] = v
		}
	}
	var err error
	if r.RestoredSeq, err = strconv.ParseInt(kv["restored_seq"], 10, 64); err != nil || r.RestoredSeq < 0 {
		return r, fmt.Errorf("audit: restore entry: restored_seq %q", kv["restored_seq"])
	}
	if r.LostSeq, err = strconv.ParseInt(kv["lost_seq"], 10, 64); err != nil || r.LostSeq < 0 {
		return r, fmt.Errorf("audit: restore entry: lost_seq %q", kv["lost_seq"])
	}
	if r.RestoredHash, err = ParseHash(kv["restored_hash"]); err != nil {
		return r, fmt.Errorf("audit: restore entry: restored_hash: %w", err)
	}
	if r.LostHash, err = ParseHash(kv["lost_hash"]); err != nil {
		return r, fmt.Errorf("audit: restore entry: lost_hash: %w", err)
	}
	r.Backup = kv["backup"]
	return r, nil
}

// restoreCheck is what verification knows about restore entries: the
// heads they excused, and the newest restore entry, which a trusted
// checkpoint must cover for the excuse to hold.
type restoreCheck struct {
	lastSeq int64
	excused int
}

// apply checks the restore entry r (already linked at seq after hash
// prev) and drops the trusted heads its rollback lost.
func (c *chainCheck) applyRestore(r *Record, prev Hash) *Problem {
	rb, err := ParseRollback(r.Entry)
	if err != nil {
		return &Problem{Seq: r.Seq, Kind: BadRestore, Detail: err.Error()}
	}
	if rb.RestoredSeq != r.Seq-1 || rb.RestoredHash != prev {
		return &Problem{Seq: r.Seq, Kind: BadRestore, Detail: fmt.Sprintf("it says the log was restored to seq %d, but it follows seq %d with another hash", rb.RestoredSeq, r.Seq-1)}
	}
	kept := c.heads[:0]
	for _, h := range c.heads {
		lost := h.Seq > rb.RestoredSeq && h.Seq <= rb.LostSeq && !h.Time.After(r.Entry.Time)
		if lost && h.Seq == rb.LostSeq && h.Hash != rb.LostHash {
			return &Problem{Seq: r.Seq, Kind: BadRestore, Detail: fmt.Sprintf("the trusted head at seq %d is not the one it says was lost", h.Seq)}
		}
		if lost {
			c.restores.excused++
			continue
		}
		kept = append(kept, h)
	}
	c.heads = kept
	c.restores.lastSeq = r.Seq
	return nil
}
