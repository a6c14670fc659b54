package sqlstore

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockJournal takes the journal's exclusive lock without waiting; a
// process that does not get it appends to the chain directly. flock locks
// belong to the open file, so a second open in the same process is
// refused too.
func lockJournal(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errJournalBusy
	}
	if err != nil {
		return fmt.Errorf("audit journal %s: lock: %w", f.Name(), err)
	}
	return nil
}

// dataSync is fdatasync: the journal is rewritten in place, so its size
// and blocks do not change and only the data needs to reach the disk; an
// fsync would also write the inode for its modification time.
func dataSync(f *os.File) error {
	return syscall.Fdatasync(int(f.Fd()))
}
