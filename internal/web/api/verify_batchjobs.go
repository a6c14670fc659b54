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
	ID        string    `json:"id"`
	AgencyID  string    `json:"-"`
	Status    string    `json:"status"` // running, done
	Lines     int       `json:"lines"`
	Done      int       `json:"done"`
	CreatedAt time.Time `json:"created_at"`
	results   [][]byte
}

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
		if now.Sub(j.CreatedAt) > batchKeep {
			delete(b.jobs, id)
			continue
		}
		if j.AgencyID == agencyID && j.Status == "running" {
			running++
		}
	}
	if running >= maxRunningBatches {
		return nil, false
	}
	j := &batchJob{ID: uuid.Must(uuid.NewV7()).String(), AgencyID: agencyID, Status: "running", Lines: lines,
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
func (b *batchJobs) add(j *batchJob, v any) {
	line, _ := json.Marshal(v) // plain answer structs: cannot fail
	b.mu.Lock()
	defer b.mu.Unlock()
	j.results = append(j.results, line)
	j.Done++
	if j.Done == j.Lines {
		j.Status = "done"
	}
}
