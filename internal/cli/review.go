package cli

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"dancu/internal/dedupe"
	"dancu/internal/merge"
	"dancu/internal/sqlstore"
)

// saveCandidates files the pairs of two register records in the review
// queue. Pairs naming a conflicting import row or an absorbed form are not
// filed: there is no second record to merge (the conflict list and the
// form's provenance already hold them).
func (a *app) saveCandidates(ctx context.Context, db *sqlstore.DB, pairs []dedupe.Pair) error {
	run := uuid.Must(uuid.NewV7()).String()
	var cs []merge.Candidate
	for _, p := range pairs {
		l, r := p.Left, p.Right
		if l.ID == "" || r.ID == "" || l.ID == r.ID {
			continue
		}
		cs = append(cs, merge.Candidate{LeftID: l.ID, RightID: r.ID, LeftRef: l.Ref, RightRef: r.Ref,
			Score: p.Score.Weight, Decision: string(p.Decision),
			LeftUnit: l.Communes[0], RightUnit: r.Communes[0], LeftProvince: l.Province, RightProvince: r.Province})
	}
	st, err := db.SaveCandidates(ctx, run, cs)
	if err != nil {
		return fmt.Errorf("file duplicate candidates: %w", err)
	}
	a.log.Info("duplicates saved", "run", run, "added", st.Added, "updated", st.Updated, "already_decided", st.Decided)
	return nil
}
