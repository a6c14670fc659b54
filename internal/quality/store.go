package quality

import "context"

// FindingQuery selects stored findings. Unit is a province or commune of
// the newest list ("" for all).
type FindingQuery struct {
	Unit      string
	Code      string
	Severity  string
	CitizenID string
	Limit     int
	Offset    int
}

// FindingPage is one page of findings.
type FindingPage struct {
	Items  []Finding `json:"items"`
	Offset int       `json:"offset"`
	Limit  int       `json:"limit"`
	More   bool      `json:"more"`
}

// Store is what the API and the command line need of the stored findings
// and metrics; sqlstore implements it.
type Store interface {
	// QualityMetrics returns the metrics of unit and the units below it.
	QualityMetrics(ctx context.Context, unit string) ([]Metrics, error)
	Findings(ctx context.Context, q FindingQuery) (FindingPage, error)
}
