package sqlstore

import (
	"fmt"
	"os"
)

// upgradeJournal rewrites a journal of the first layout (one run from the
// header) as one of two regions, its pending entries at the start of
// region B, and returns the new file, locked, with its contents. The new
// file is written and synced beside the old one and renamed over it, so
// a crash leaves one or the other whole; the old file stays locked until
// the rename, so another process cannot take it meanwhile.
func upgradeJournal(old *os.File, path, registerID string, data []byte, movedThrough int64) (*os.File, []byte, error) {
	_, _, pending := scanRun(data, journalHeaderSize, int64(len(data)), movedThrough)
	next := make([]byte, journalRegionBStart, journalInitialSize)
	copy(next, journalHeader(registerID))
	for _, r := range pending {
		next = appendJournalRecord(next, r.jseq, r.entry)
	}
	next = next[:max(len(next), journalInitialSize)]

	tmp := path + ".upgrade"
	os.Remove(tmp) // a crashed upgrade's leftover
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		old.Close()
		return nil, nil, fmt.Errorf("upgrade the layout: %w", err)
	}
	fail := func(err error) (*os.File, []byte, error) {
		f.Close()
		os.Remove(tmp)
		old.Close()
		return nil, nil, fmt.Errorf("upgrade the layout: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := f.WriteAt(next, 0); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := lockJournal(f); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(err)
	}
	if err := syncDir(path); err != nil {
		f.Close()
		old.Close()
		return nil, nil, fmt.Errorf("upgrade the layout: %w", err)
	}
	old.Close()
	return f, next, nil
}
