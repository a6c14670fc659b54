//go:build !linux

package sqlstore

import "os"

// lockJournal: the journal relies on flock and fdatasync, written for
// Linux; elsewhere reads' entries go to the chain directly.
func lockJournal(*os.File) error { return errJournalBusy }

func dataSync(f *os.File) error { return f.Sync() }
