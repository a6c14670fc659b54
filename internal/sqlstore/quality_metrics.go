package sqlstore

import (
	"context"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/quality"
	"dancu/internal/units"
)

// OpenDuplicatePairs counts the open candidate pairs by the CURRENT
// permanent commune and province of their two records, for quality.Rollup
// (which counts a pair once per unit). None when the review queue's table
// (migration 0004) does not exist.
func (d *Quality) OpenDuplicatePairs(ctx context.Context) ([]quality.PairCount, error) {
	exists := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'duplicate_candidates'`
	if d.dialect.name == "postgres" {
		exists = `SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'duplicate_candidates'`
	}
	var n int
	if err := d.routedQ(ctx).QueryRowContext(ctx, exists).Scan(&n); err != nil {
		return nil, apperr.Wrap(err, "quality: look for the review queue")
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := d.routedQuery(ctx, `SELECT COALESCE(l.permanent_commune, ''), COALESCE(l.permanent_province, ''),
		COALESCE(r.permanent_commune, ''), COALESCE(r.permanent_province, ''), COUNT(*)
		FROM duplicate_candidates dc JOIN citizens l ON l.id = dc.left_id JOIN citizens r ON r.id = dc.right_id
		WHERE dc.status = 'open'
		GROUP BY COALESCE(l.permanent_commune, ''), COALESCE(l.permanent_province, ''),
			COALESCE(r.permanent_commune, ''), COALESCE(r.permanent_province, '')`)
	if err != nil {
		return nil, apperr.Wrap(err, "quality: count open duplicate candidates")
	}
	defer rows.Close()
	var out []quality.PairCount
	for rows.Next() {
		var p quality.PairCount
		if err := rows.Scan(&p.LeftCommune, &p.LeftProvince, &p.RightCommune, &p.RightProvince, &p.Open); err != nil {
			return nil, apperr.Wrap(err, "quality: count open duplicate candidates")
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// QualityCounts aggregates records and findings per commune of the newest
// list (SQL GROUP BY; the roll-up to districts and provinces is
// quality.Rollup's). province narrows to one province ("" for all).
func (d *Quality) QualityCounts(ctx context.Context, province string) ([]quality.CommuneCounts, error) {
	where, args := "", []any{}
	if province != "" {
		where, args = " AND c.permanent_province = $1", []any{province}
	}
	missing := "'" + strings.Join(quality.MissingCodes, "', '") + "'"
	rows, err := d.routedQuery(ctx, `SELECT COALESCE(c.permanent_commune, ''), COALESCE(c.permanent_province, ''),
		COUNT(*), COUNT(c.id_number),
		SUM(CASE WHEN f.citizen_id IS NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN COALESCE(f.errors, 0) = 0 THEN 1 ELSE 0 END),
		COALESCE(SUM(f.errors), 0), COALESCE(SUM(f.warnings), 0), COALESCE(SUM(f.missing), 0)
		FROM citizens c LEFT JOIN (
			SELECT citizen_id,
				SUM(CASE WHEN severity = 'error' THEN 1 ELSE 0 END) AS errors,
				SUM(CASE WHEN severity = 'warning' THEN 1 ELSE 0 END) AS warnings,
				SUM(CASE WHEN code IN (`+missing+`) THEN 1 ELSE 0 END) AS missing
			FROM quality_findings GROUP BY citizen_id) f ON f.citizen_id = c.id
		WHERE c.status <> 'merged'`+where+`
		GROUP BY COALESCE(c.permanent_commune, ''), COALESCE(c.permanent_province, '')
		ORDER BY 1, 2`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "quality: aggregate")
	}
	defer rows.Close()
	var out []quality.CommuneCounts
	for rows.Next() {
		var r quality.CommuneCounts
		if err := rows.Scan(&r.Commune, &r.Province, &r.Records, &r.WithIDNumber, &r.Valid, &r.Clean,
			&r.Errors, &r.Warnings, &r.FieldsMissing); err != nil {
			return nil, apperr.Wrap(err, "quality: aggregate")
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "quality: aggregate")
	}
	return out, nil
}

// QualityMetrics returns the metrics of unit and the units below it ("":
// the country and everything). unit is a province or commune of the
// newest list, or a district of the 2025-03-01 list.
func (d *Quality) QualityMetrics(ctx context.Context, unit string) ([]quality.Metrics, error) {
	province := ""
	switch len(unit) {
	case 0:
	case 2:
		province = unit
	case 5:
		u, ok := d.units.Lookup(units.List2025July, unit)
		if !ok {
			return nil, apperr.New(apperr.NotFound, "no commune %s in the %s list", unit, units.List2025July)
		}
		province = u.ParentCode
	case 3:
		u, ok := d.units.Lookup(units.List2025March, unit)
		if !ok || u.Level != units.District {
			return nil, apperr.New(apperr.NotFound, "no district %s in the %s list", unit, units.List2025March)
		}
		// A district's communes may now lie in any province its old
		// province was merged into; aggregate everything and roll up.
	default:
		return nil, apperr.New(apperr.Invalid, "unit must be a 2-digit province, 3-digit district or 5-digit commune code")
	}
	rows, err := d.QualityCounts(ctx, province)
	if err != nil {
		return nil, err
	}
	pairs, err := d.OpenDuplicatePairs(ctx)
	if err != nil {
		return nil, err
	}
	return quality.Rollup(d.units, rows, pairs, unit), nil
}

// Findings lists stored findings, ordered by unit, citizen and code.
func (d *Quality) Findings(ctx context.Context, q quality.FindingQuery) (quality.FindingPage, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", "$"+itoaQ(len(args))))
	}
	switch len(q.Unit) {
	case 0:
	case 2:
		add("province = ?", q.Unit)
	default:
		add("commune = ?", q.Unit)
	}
	if q.Code != "" {
		add("code = ?", q.Code)
	}
	if q.Severity != "" {
		add("severity = ?", q.Severity)
	}
	if q.CitizenID != "" {
		add("citizen_id = ?", q.CitizenID)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	args = append(args, q.Limit+1, q.Offset)
	query := `SELECT citizen_id, code, severity, scope, subject, fields, message_vi, message_en, COALESCE(record_ref, ''), commune, province
		FROM quality_findings` + where + ` ORDER BY province, commune, citizen_id, code, subject LIMIT $` + itoaQ(len(args)-1) + ` OFFSET $` + itoaQ(len(args))
	rows, err := d.routedQuery(ctx, query, args...)
	if err != nil {
		return quality.FindingPage{}, apperr.Wrap(err, "quality: list findings")
	}
	defer rows.Close()
	page := quality.FindingPage{Items: []quality.Finding{}, Offset: q.Offset, Limit: q.Limit}
	for rows.Next() {
		var f quality.Finding
		var fields, sev, scope string
		if err := rows.Scan(&f.CitizenID, &f.Code, &sev, &scope, &f.Subject, &fields, &f.MessageVI, &f.MessageEN, &f.RecordRef, &f.Commune, &f.Province); err != nil {
			return quality.FindingPage{}, apperr.Wrap(err, "quality: list findings")
		}
		f.Severity, f.Scope, f.Fields = quality.Severity(sev), quality.Scope(scope), strings.Fields(fields)
		page.Items = append(page.Items, f)
	}
	if err := rows.Err(); err != nil {
		return quality.FindingPage{}, apperr.Wrap(err, "quality: list findings")
	}
	if len(page.Items) > q.Limit {
		page.Items, page.More = page.Items[:q.Limit], true
	}
	return page, nil
}

func itoaQ(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoaQ(n/10) + digits[n%10:n%10+1]
}
