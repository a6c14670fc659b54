package merge

import "time"

// Status of a candidate pair in the review queue.
type Status string

const (
	Open    Status = "open"
	Merged  Status = "merged"
	NotSame Status = "not_same"
)

// Candidate is a pair of register records that duplicate detection found
// to be (or perhaps be) one person, waiting for an officer's decision.
type Candidate struct {
	ID       string  `json:"id"`
	LeftID   string  `json:"left_id"`
	RightID  string  `json:"right_id"`
	LeftRef  string  `json:"left_ref,omitempty"`
	RightRef string  `json:"right_ref,omitempty"`
	Score    float64 `json:"score"`
	Decision string  `json:"decision"` // "match" or "review"
	Status   Status  `json:"status"`
	RunID    string  `json:"run_id"`
	// Units are each record's permanent commune and province: an officer
	// decides a pair only when both records are in their jurisdiction.
	LeftUnit      string    `json:"left_unit,omitempty"`
	RightUnit     string    `json:"right_unit,omitempty"`
	LeftProvince  string    `json:"left_province,omitempty"`
	RightProvince string    `json:"right_province,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	DecidedBy     string    `json:"decided_by,omitempty"`
	DecidedAt     time.Time `json:"decided_at,omitzero"`
	Reason        string    `json:"reason,omitempty"`
	MergeID       string    `json:"merge_id,omitempty"`
}

// Query selects candidates of the queue.
type Query struct {
	// Unit is the officer's unit: a 2-digit province or a 5-digit commune;
	// "" for national roles (every pair).
	Unit   string
	Status Status // default Open
	Limit  int
	Offset int
}

// SaveStats counts what filing a run's pairs did.
type SaveStats struct {
	Added   int `json:"added"`   // new pairs
	Updated int `json:"updated"` // open pairs found again (score refreshed)
	Decided int `json:"decided"` // pairs already decided, left as they are
}
