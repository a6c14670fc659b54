package bench

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestFloorWritesEveryEntryBeforeAnswering: every returned append's entry
// is in the file at its slot, syncs are shared but never more than the
// entries, and the file is private and removed on Close.
func TestFloorWritesEveryEntryBeforeAnswering(t *testing.T) {
	dir := t.TempDir()
	f, err := OpenFloor(dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "durable-floor.journal")
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("floor file: %v, mode %v", err, st.Mode().Perm())
	}
	const workers, each = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if err := f.Append(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	c := f.Counts()
	if c.Entries != workers*each || c.Syncs == 0 || c.Syncs > c.Entries {
		t.Fatalf("counts %+v for %d requests", c, workers*each)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for seq := uint64(1); seq <= c.Entries; seq++ {
		if got := binary.BigEndian.Uint64(data[(seq-1)*floorEntrySize:]); got != seq {
			t.Fatalf("slot %d holds entry %d", seq-1, got)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("floor file left behind: %v", err)
	}
}

// TestFloorAnswersOnlyAfterItsSync holds the sync and checks that the
// append does not return (and so its request is not answered) until the
// sync returns.
func TestFloorAnswersOnlyAfterItsSync(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	floorSync = func(f *os.File) error {
		once.Do(func() { close(entered); <-release })
		return dataSync(f)
	}
	defer func() { floorSync = dataSync }()
	f, err := OpenFloor(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	answered := make(chan error, 1)
	go func() { answered <- f.Append() }()
	<-entered
	select {
	case <-answered:
		t.Fatal("answered while its sync had not returned")
	default:
	}
	close(release)
	if err := <-answered; err != nil {
		t.Fatal(err)
	}
	if c := f.Counts(); c.Entries != 1 || c.Syncs != 1 {
		t.Fatalf("counts %+v", c)
	}
}
