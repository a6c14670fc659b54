package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
)

// Procedures stores administrative procedures' dossiers (see
// migrations/*/0011_procedures.sql). It implements procedure.Store and
// decides nothing: the workflow, deadlines and jurisdiction are the
// procedure package's.

// storedDocument is a document as stored: with its blob reference, which
// the domain type keeps out of its JSON.
type storedDocument struct {
	procedure.Document
	Ref string `json:"ref"`
}

func encodeDossier(d procedure.Dossier) (data, docs string, err error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", "", apperr.Wrap(err, "encode dossier")
	}
	sd := make([]storedDocument, len(d.Documents))
	for i, doc := range d.Documents {
		sd[i] = storedDocument{Document: doc, Ref: doc.Ref}
	}
	db, err := json.Marshal(sd)
	if err != nil {
		return "", "", apperr.Wrap(err, "encode documents")
	}
	return string(b), string(db), nil
}

func decodeDossier(data, docs string) (procedure.Dossier, error) {
	var d procedure.Dossier
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		return d, apperr.Wrap(err, "decode dossier")
	}
	var sd []storedDocument
	if err := json.Unmarshal([]byte(docs), &sd); err != nil {
		return d, apperr.Wrap(err, "decode documents")
	}
	d.Documents = make([]procedure.Document, len(sd))
	for i, s := range sd {
		d.Documents[i] = s.Document
		d.Documents[i].Ref = s.Ref
	}
	return d, nil
}

func dayText(d pdate.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// CreateDossier implements procedure.Store.
func (p *Procedures) CreateDossier(ctx context.Context, d procedure.Dossier, first procedure.Transition) error {
	data, docs, err := encodeDossier(d)
	if err != nil {
		return err
	}
	return p.InTx(ctx, func(ctx context.Context) error {
		q := p.q(ctx)
		_, err := q.ExecContext(ctx, `INSERT INTO dossiers (id, kind, state, outcome, unit, province, received_at, received_day,
			due_day, decided_day, version, data, documents, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			d.ID, d.Kind, string(d.State), string(d.Outcome), d.Unit, d.Province, p.dialect.timeArg(d.ReceivedAt),
			dayText(procedure.Day(d.ReceivedAt)), dayText(d.Deadline.Due), dayText(d.DecidedOn), d.Version, data, docs,
			p.dialect.timeArg(d.UpdatedAt))
		if err != nil {
			return normalize(err, "create dossier")
		}
		for _, s := range d.Subjects {
			_, err := q.ExecContext(ctx, `INSERT INTO dossier_subjects (dossier_id, citizen_id, role) VALUES ($1, $2, $3)
				ON CONFLICT (dossier_id, citizen_id) DO NOTHING`, d.ID, s.CitizenID, s.Role)
			if err != nil {
				return normalize(err, "record dossier subject")
			}
		}
		return p.insertStep(ctx, q, first)
	})
}

func (p *Procedures) insertStep(ctx context.Context, q queryer, t procedure.Transition) error {
	if t.Seq == 0 {
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM dossier_transitions WHERE dossier_id = $1`,
			t.DossierID).Scan(&t.Seq); err != nil {
			return normalize(err, "number dossier step")
		}
	}
	_, err := q.ExecContext(ctx, `INSERT INTO dossier_transitions (dossier_id, seq, action, from_state, to_state, at,
		user_id, username, role, unit, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		t.DossierID, t.Seq, string(t.Action), string(t.From), string(t.To), p.dialect.timeArg(t.At),
		t.UserID, t.Username, t.Role, t.Unit, t.Reason)
	return normalize(err, "record dossier step")
}

// LockDossier implements procedure.Store.
func (p *Procedures) LockDossier(ctx context.Context, id string) (procedure.Dossier, error) {
	tx, err := mustTx(ctx, "LockDossier")
	if err != nil {
		return procedure.Dossier{}, err
	}
	return p.dossierIn(ctx, tx, id, p.dialect.forUpdate)
}

// Dossier implements procedure.Store.
func (p *Procedures) Dossier(ctx context.Context, id string) (procedure.Dossier, error) {
	return p.dossierIn(ctx, p.q(ctx), id, "")
}

func (p *Procedures) dossierIn(ctx context.Context, q queryer, id, lock string) (procedure.Dossier, error) {
	var data, docs string
	err := q.QueryRowContext(ctx, `SELECT data, documents FROM dossiers WHERE id = $1`+lock, id).Scan(&data, &docs)
	if errors.Is(err, sql.ErrNoRows) {
		return procedure.Dossier{}, apperr.New(apperr.NotFound, "no dossier with that id")
	}
	if err != nil {
		return procedure.Dossier{}, normalize(err, "read dossier")
	}
	return decodeDossier(data, docs)
}

// UpdateDossier implements procedure.Store.
func (p *Procedures) UpdateDossier(ctx context.Context, d procedure.Dossier, prevVersion int, t *procedure.Transition) error {
	data, docs, err := encodeDossier(d)
	if err != nil {
		return err
	}
	return p.InTx(ctx, func(ctx context.Context) error {
		q := p.q(ctx)
		res, err := q.ExecContext(ctx, `UPDATE dossiers SET state = $2, outcome = $3, due_day = $4, decided_day = $5,
			version = $6, data = $7, documents = $8, updated_at = $9 WHERE id = $1 AND version = $10`,
			d.ID, string(d.State), string(d.Outcome), dayText(d.Deadline.Due), dayText(d.DecidedOn), d.Version, data, docs,
			p.dialect.timeArg(d.UpdatedAt), prevVersion)
		if err != nil {
			return normalize(err, "update dossier")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "the dossier changed since version %d; reload and retry", prevVersion)
		}
		if t == nil {
			return nil
		}
		return p.insertStep(ctx, q, *t)
	})
}

// Transitions implements procedure.Store.
func (p *Procedures) Transitions(ctx context.Context, id string) ([]procedure.Transition, error) {
	rows, err := p.q(ctx).QueryContext(ctx, `SELECT dossier_id, seq, action, from_state, to_state, at, user_id, username, role, unit, reason
		FROM dossier_transitions WHERE dossier_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, normalize(err, "list dossier steps")
	}
	defer rows.Close()
	out := []procedure.Transition{}
	for rows.Next() {
		var t procedure.Transition
		var at any
		if err := rows.Scan(&t.DossierID, &t.Seq, &t.Action, &t.From, &t.To, &at, &t.UserID, &t.Username, &t.Role, &t.Unit, &t.Reason); err != nil {
			return nil, normalize(err, "list dossier steps")
		}
		if t.At, err = scanTime(at); err != nil {
			return nil, apperr.Wrap(err, "list dossier steps")
		}
		out = append(out, t)
	}
	return out, normalize(rows.Err(), "list dossier steps")
}

// where builds the shared filter of the inbox and the counts.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func scopeCond(w *where, scope string) {
	if scope != "" {
		w.add("(d.province = ? OR d.unit = ?)", scope, scope)
	}
}

// Dossiers implements procedure.Store.
func (p *Procedures) Dossiers(ctx context.Context, q procedure.Query) ([]procedure.Dossier, error) {
	var w where
	scopeCond(&w, q.Scope)
	if q.Unit != "" {
		w.add("d.unit = ?", q.Unit)
	}
	if q.Kind != "" {
		w.add("d.kind = ?", q.Kind)
	}
	if len(q.States) > 0 {
		marks := make([]string, len(q.States))
		for i, s := range q.States {
			w.args = append(w.args, string(s))
			marks[i] = "$" + strconv.Itoa(len(w.args))
		}
		w.conds = append(w.conds, "d.state IN ("+strings.Join(marks, ", ")+")")
	}
	if q.Citizen != "" {
		w.add("d.id IN (SELECT dossier_id FROM dossier_subjects WHERE citizen_id = ?)", q.Citizen)
	}
	if !q.DueBefore.IsZero() {
		w.add("d.due_day <> '' AND d.due_day < ? AND d.state IN ('received')", q.DueBefore.String())
	}
	w.args = append(w.args, q.Limit, q.Offset)
	rows, err := p.q(ctx).QueryContext(ctx, `SELECT d.data, d.documents FROM dossiers d`+w.sql()+`
		ORDER BY CASE WHEN d.due_day = '' THEN 1 ELSE 0 END, d.due_day, d.received_at, d.id
		LIMIT $`+strconv.Itoa(len(w.args)-1)+` OFFSET $`+strconv.Itoa(len(w.args)), w.args...)
	if err != nil {
		return nil, normalize(err, "list dossiers")
	}
	defer rows.Close()
	out := []procedure.Dossier{}
	for rows.Next() {
		var data, docs string
		if err := rows.Scan(&data, &docs); err != nil {
			return nil, normalize(err, "list dossiers")
		}
		d, err := decodeDossier(data, docs)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, normalize(rows.Err(), "list dossiers")
}

// Counts implements procedure.Store.
func (p *Procedures) Counts(ctx context.Context, q procedure.CountQuery, day pdate.Date) ([]procedure.Count, error) {
	var w where
	scopeCond(&w, q.Scope)
	if !q.From.IsZero() {
		w.add("d.received_day >= ?", q.From.String())
	}
	if !q.To.IsZero() {
		w.add("d.received_day <= ?", q.To.String())
	}
	w.args = append(w.args, day.String())
	today := "$" + strconv.Itoa(len(w.args))
	rows, err := p.q(ctx).QueryContext(ctx, `SELECT d.unit, d.kind, COUNT(*),
		SUM(CASE WHEN d.state IN ('received', 'supplement_requested') THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.decided_day <> '' AND d.due_day <> '' AND d.decided_day <= d.due_day THEN 1 ELSE 0 END),
		SUM(CASE WHEN (d.state = 'received' AND d.due_day <> '' AND d.due_day < `+today+`)
			OR (d.decided_day <> '' AND d.due_day <> '' AND d.decided_day > d.due_day) THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.outcome = 'approved' THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.outcome = 'refused' THEN 1 ELSE 0 END),
		SUM(CASE WHEN d.outcome = 'withdrawn' THEN 1 ELSE 0 END)
		FROM dossiers d`+w.sql()+` GROUP BY d.unit, d.kind ORDER BY d.unit, d.kind`, w.args...)
	if err != nil {
		return nil, normalize(err, "count dossiers")
	}
	defer rows.Close()
	out := []procedure.Count{}
	for rows.Next() {
		var c procedure.Count
		if err := rows.Scan(&c.Unit, &c.Kind, &c.Received, &c.Open, &c.InTime, &c.Overdue, &c.Approved, &c.Refused, &c.Withdrawn); err != nil {
			return nil, normalize(err, "count dossiers")
		}
		out = append(out, c)
	}
	return out, normalize(rows.Err(), "count dossiers")
}
