package bench

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// The durable floor is the reference under an audited read: the least a
// server can do when no answer may leave before its request's audit entry
// is durable. Each request writes one fixed entry into a preallocated file
// on the disk under test and is answered once an fdatasync that began
// after the write has returned. One sync runs at a time and covers every
// entry written before it began (group commit), as dancu's journal does,
// and nothing else happens: no routing, no authentication, no store read.
// wrk keeps one request in flight per connection, so at n connections the
// floor's req/s is n over its latency, and a target above it cannot be
// met by any code on that disk, only by a disk whose flush is cheaper.

const (
	floorEntrySize = 256
	floorFileSize  = 16 << 20 // the entries go round in a preallocated file: overwrites, as the journal's
)

// Floor is the durable floor's journal, a group commit: a writer writes
// its entry into the next slot and waits for a sync that began after the
// write. Entries are written under the lock (a 256-byte copy into the page
// cache), so a sync always covers every entry counted before it began. An
// HTTP handler that calls Append and then answers is the floor server
// (`dancu bench read` serves it from the cli adapter).
type Floor struct {
	f *os.File

	mu      sync.Mutex
	cond    *sync.Cond
	written uint64 // entries written
	durable uint64 // entries covered by a finished sync
	syncing bool
	syncs   uint64
	failed  error
}

// FloorCounts are what a floor wrote and synced.
type FloorCounts struct {
	Entries, Syncs uint64
}

// OpenFloor creates the floor's file in dir (the disk whose flush it
// measures), 0600; Close removes it.
func OpenFloor(dir string) (*Floor, error) {
	path := filepath.Join(dir, "durable-floor.journal")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("durable floor: %w", err)
	}
	// Written and synced once, so that the measured writes overwrite
	// allocated blocks and a sync carries data only, not the file's size.
	zero := make([]byte, 1<<20)
	for off := int64(0); off < floorFileSize; off += int64(len(zero)) {
		if _, err := f.WriteAt(zero, off); err != nil {
			f.Close()
			os.Remove(path)
			return nil, fmt.Errorf("durable floor: preallocate %s: %w", path, err)
		}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("durable floor: sync %s: %w", path, err)
	}
	j := &Floor{f: f}
	j.cond = sync.NewCond(&j.mu)
	return j, nil
}

// Append writes one entry and returns once an fdatasync that began after
// the write has returned.
func (j *Floor) Append() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.failed != nil {
		return j.failed
	}
	seq := j.written + 1
	var entry [floorEntrySize]byte
	binary.BigEndian.PutUint64(entry[:], seq)
	if _, err := j.f.WriteAt(entry[:], int64((seq-1)*floorEntrySize)%floorFileSize); err != nil {
		return fmt.Errorf("durable floor: write: %w", err)
	}
	j.written = seq
	for j.durable < seq && j.failed == nil {
		if !j.syncing {
			j.syncOnce()
			continue
		}
		j.cond.Wait()
	}
	return j.failed
}

// syncOnce runs one fdatasync with j.mu released; it covers the entries
// written when it began. The caller holds j.mu.
func (j *Floor) syncOnce() {
	j.syncing = true
	upto := j.written
	j.mu.Unlock()
	err := floorSync(j.f)
	j.mu.Lock()
	j.syncing = false
	j.syncs++
	if err != nil {
		j.failed = fmt.Errorf("durable floor: fdatasync: %w", err)
	} else {
		j.durable = upto
	}
	j.cond.Broadcast()
}

// Counts reports the entries written and the syncs run so far.
func (j *Floor) Counts() FloorCounts {
	j.mu.Lock()
	defer j.mu.Unlock()
	return FloorCounts{Entries: j.written, Syncs: j.syncs}
}

// Close removes the floor's file.
func (j *Floor) Close() error {
	name := j.f.Name()
	return errors.Join(j.f.Close(), os.Remove(name))
}

// floorSync is dataSync; tests hold it to see that no answer leaves
// before its sync has returned.
var floorSync = dataSync
