package registry

import "context"

// Form is an imported form that the register absorbed into a citizen who
// already held its data (same ID number, identical content) under another
// record_ref. Keeping it preserves the provenance of every form: duplicate
// detection names both forms of the person, and an officer can trace it.
type Form struct {
	RecordRef string
	CitizenID string
	BatchID   int64
	Line      int
}

// FormRecorder is implemented by import transactions that keep absorbed
// forms. Recording the same record_ref again does nothing, so re-importing
// a file is idempotent.
type FormRecorder interface {
	AddForms(ctx context.Context, forms []Form) error
}
