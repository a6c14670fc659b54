package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// Page sizes of AuditEntries.
const (
	auditDefaultLimit = 50
	auditMaxLimit     = 500
)

// AuditEntries implements audit.Reader: entries matching f, newest first.
// The changes' committed entries are moved onto the chain first, so an
// officer or a citizen sees a change they just made.
func (d *AuditLog) AuditEntries(ctx context.Context, f audit.Filter) ([]audit.Record, error) {
	if err := d.MoveIntents(ctx); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.CitizenID != "" {
		cond, err := d.citizenSpansCond(ctx, f.Before, len(args)+1)
		if err != nil {
			return nil, err
		}
		args = append(args, f.CitizenID)
		where = append(where, cond)
	}
	if f.UserID != "" {
		add(`user_id = ?`, f.UserID)
	}
	if f.AgencyID != "" {
		add(`agency_id = ?`, f.AgencyID)
	}
	if !f.From.IsZero() {
		add(`at >= ?`, d.dialect.timeArg(f.From))
	}
	if !f.To.IsZero() {
		add(`at < ?`, d.dialect.timeArg(f.To))
	}
	if f.WithoutConfidential {
		add(`confidential = ?`, false)
	}
	if f.Before > 0 {
		add(`seq < ?`, f.Before)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = auditDefaultLimit
	}
	limit = min(limit, auditMaxLimit)
	q := `SELECT ` + auditColumns + ` FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	args = append(args, limit)
	q += ` ORDER BY seq DESC LIMIT $` + strconv.Itoa(len(args))
	rows, err := d.chain.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "query audit entries")
	}
	recs, err := scanAuditRows(rows)
	if err != nil || len(recs) == 0 {
		return recs, err
	}
	seqs := make([]any, len(recs))
	for i, r := range recs {
		seqs[i] = r.Seq
	}
	subj, err := d.chain.sql.QueryContext(ctx, `SELECT seq, citizen_id FROM audit_subjects WHERE seq IN (`+
		d.dialect.params(1, len(seqs))+`) ORDER BY seq, pos`, seqs...)
	if err != nil {
		return nil, apperr.Wrap(err, "read audit subjects")
	}
	return recs, attachSubjects(subj, recs)
}
