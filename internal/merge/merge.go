package merge

import (
	"context"
	"time"

	"dancu/internal/registry"
)

// Request asks to merge MergedID into SurvivorID.
type Request struct {
	// CandidateID, when set, names the queue entry decided by this merge;
	// its two records must be the survivor and the merged one.
	CandidateID string
	SurvivorID  string
	MergedID    string
	// Fill copies into the survivor the fields it lacks and the merged
	// record has (see Fill).
	Fill bool
	Meta registry.ChangeMeta
}

// Merge is one recorded merge, with its undo once undone.
type Merge struct {
	ID          string `json:"id"`
	CandidateID string `json:"candidate_id,omitempty"`
	SurvivorID  string `json:"survivor_id"`
	MergedID    string `json:"merged_id"`
	// Number is the merged record's ID number, cancelled by the merge.
	Number string `json:"number,omitempty"`
	// PriorStatus is the merged record's status before the merge.
	PriorStatus registry.Status `json:"prior_status"`
	// Filled holds the survivor fields filled from the merged record:
	// field -> value (as in the record's JSON).
	Filled     map[string]any `json:"filled,omitempty"`
	Actor      string         `json:"actor"`
	Reason     string         `json:"reason"`
	MergedAt   time.Time      `json:"merged_at"`
	UndoneBy   string         `json:"undone_by,omitempty"`
	UndoReason string         `json:"undo_reason,omitempty"`
	UndoneAt   time.Time      `json:"undone_at,omitzero"`
}

// Undone reports whether the merge was undone.
func (m Merge) Undone() bool { return !m.UndoneAt.IsZero() }

// Store keeps the review queue and merges. Implementations apply a merge
// or an undo in one transaction and return *apperr.Error values.
type Store interface {
	SaveCandidates(ctx context.Context, runID string, cs []Candidate) (SaveStats, error)
	// NotSamePairs returns the pair keys (dedupe.PairKey) decided
	// "not the same person".
	NotSamePairs(ctx context.Context) (map[string]bool, error)
	Candidates(ctx context.Context, q Query) (items []Candidate, more bool, err error)
	Candidate(ctx context.Context, id string) (Candidate, error)
	MarkNotSame(ctx context.Context, id string, meta registry.ChangeMeta) (Candidate, error)
	MergeByID(ctx context.Context, id string) (Merge, error)
}
