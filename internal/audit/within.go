package audit

import "context"

// AppendWithin chains e onto the log through st inside the transaction
// ctx carries (the store joins it), so the audit entry of a write commits
// or rolls back with the write itself. Entries recorded this way wait for
// the next periodic checkpoint of the Writer.
func AppendWithin(ctx context.Context, st Store, e Entry) error {
	e = e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	return st.AppendAudit(ctx, func(h Head) (Batch, error) {
		return Batch{Records: Chain(h.Seq, h.Hash, []Entry{e})}, nil
	})
}

// Recorder records one disclosure of personal data; Record returns once the
// entry is durable, and the caller sends nothing before that.
type Recorder interface {
	Record(ctx context.Context, e Entry) error
}
