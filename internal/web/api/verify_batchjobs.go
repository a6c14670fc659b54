package api

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/google/uuid"
)

// maxBatchBody caps a batch upload: 100,000 lines of up to ~160 bytes.
const maxBatchBody = 16 << 20

// Limits of the in-memory batch store, per agency.
const (
	maxRunningBatches = 2
	batchKeep         = 24 * time.Hour
)

// batchJob is one uploaded batch file and its answers, kept in memory
// for a day: results are line numbers and match answers only, which the
// agency downloads once.
type batchJob struct {
	ID         string    `json:"id"`
	AgencyID   string    `json:"-"`
	Status     string    `json:"status"` // running, done, stopped, failed
	Lines      int       `json:"lines"`
	Done       int       `json:"done"`
	CreatedAt  time.Time `json:"created_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	results    [][]byte
}

// Batch states: stopped is a batch cut short by the agency's suspension,
// failed one cut short by a storage error.
const (
	batchRunning = "running"
	batchDone    = "done"
	batchStopped = "stopped"
	batchFailed  = "failed"
)

// batchJobs holds the jobs of this process.
type batchJobs struct {
	mu   sync.Mutex
	jobs map[string]*batchJob
}

func newBatchJobs() *batchJobs { return &batchJobs{jobs: map[string]*batchJob{}} }

// start registers a job unless the agency already runs too many.
func (b *batchJobs) start(agencyID string, lines int, now time.Time) (*batchJob, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	running := 0
	for id, j := range b.jobs {
		// A batch runs at the agency's rate, maybe for hours: it is kept
		// a day from when it ends, never dropped while running.
		if j.Status != batchRunning && now.Sub(j.FinishedAt) > batchKeep {
			delete(b.jobs, id)
			continue
		}
		if j.AgencyID == agencyID && j.Status == batchRunning {
			running++
		}
	}
	if running >= maxRunningBatches {
		return nil, false
	}
	j := &batchJob{ID: uuid.Must(uuid.NewV7()).String(), AgencyID: agencyID, Status: batchRunning, Lines: lines,
		CreatedAt: now.UTC(), results: make([][]byte, 0, lines)}
	b.jobs[j.ID] = j
	return j, true
}

// get returns a copy of the agency's job (never another agency's).
func (b *batchJobs) get(agencyID, id string) (batchJob, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	j, ok := b.jobs[id]
	if !ok || j.AgencyID != agencyID {
		return batchJob{}, false
	}
	return *j, true
}

// add appends one answer line.
func (b *batchJobs) add(j *batchJob, v any, now time.Time) {
	line, _ := json.Marshal(v) // plain answer structs: cannot fail
	b.mu.Lock()
	defer b.mu.Unlock()
	j.results = append(j.results, line)
	j.Done++
	if j.Done == j.Lines {
		j.Status, j.FinishedAt = batchDone, now.UTC()
	}
}

// stop ends a running job early and drops its answers: a suspended
// agency is not to receive them, now or after reinstatement.
func (b *batchJobs) stop(j *batchJob, status string, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	j.Status, j.FinishedAt, j.results = status, now.UTC(), nil
}
