package registry

import (
	"context"
	"fmt"
	"strings"

	"dancu/internal/idnumber"
	"dancu/internal/units"
)

// batchWriter is stage two of an import: it decides, per row, whether the
// row is new, already imported, or in conflict with the register, and
// writes inside the batch transaction. Rows are handled by pointer: a
// citizen is a large struct and copying it per stage showed in profiles.
type batchWriter struct {
	im   *Importer
	tx   ImportTx
	opts ImportOptions
	info *BatchInfo
	// refs are the batch's record refs, merged at the end to find the
	// repeated ones (import_dups.go).
	refs *refRuns
	// suspects are the rows whose ref or number an earlier row may have
	// carried, held until the whole file is read.
	suspects heldRows
	// needNumber holds new rows without an ID number. They are written last,
	// once every number the batch carries is known, so a fresh number can
	// never collide with a legacy number further down the file. Past a
	// bound they wait in a temporary file, not in memory (import_spill.go).
	needNumber heldRows
	// forms are absorbed duplicate forms, written after their holders.
	forms []Form
}

// recordForms keeps the provenance of absorbed forms when the store can.
func (w *batchWriter) recordForms(ctx context.Context) error {
	fr, ok := w.tx.(FormRecorder)
	if !ok || len(w.forms) == 0 {
		w.forms = nil
		return nil
	}
	err := fr.AddForms(ctx, w.forms)
	w.forms = w.forms[:0]
	return err
}

func (w *batchWriter) writeChunk(ctx context.Context, chunk []converted) error {
	st := &w.info.Stats
	valid := make([]*converted, 0, len(chunk))
	for i := range chunk {
		c := &chunk[i]
		st.Rows++
		for _, warn := range c.Warnings {
			st.Warnings++
			w.opts.OnIssue(Issue{RecordRef: c.Citizen.RecordRef, Line: c.line, Column: warn.Field, Severity: "warning", Reason: warn.Message})
		}
		if len(c.Errors) > 0 {
			st.Invalid++
			for _, e := range c.Errors {
				w.opts.OnIssue(Issue{RecordRef: e.Record, Line: c.line, Column: e.Field, Severity: "error", Reason: e.Reason})
			}
		}
		if c.suspect {
			// Held by value, and spilled past a quarter of needNumber's
			// bound: a few in a clean file, each row ~2.7 KB in memory.
			c.invalid = len(c.Errors) > 0
			if err := w.suspects.add(c, max(holdLimit(w.opts.HoldRows)/4, 1)); err != nil {
				return err
			}
			continue
		}
		if len(c.Errors) == 0 {
			valid = append(valid, c)
		}
	}
	if w.opts.OnProgress != nil {
		w.opts.OnProgress(st.Rows)
	}
	return w.writeValid(ctx, valid, false)
}

// writeValid classifies valid rows and writes the new ones, holding those
// without a number for the end. exact is set for the held rows: their
// numbers are looked up in the batch's transaction.
func (w *batchWriter) writeValid(ctx context.Context, valid []*converted, exact bool) error {
	if w.info.Stats.Invalid > 0 && !w.opts.SkipInvalid {
		return nil // the batch will be rolled back; keep validating to report every error
	}
	fresh, conflicts, err := w.classify(ctx, valid, exact)
	if err != nil {
		return err
	}
	numbered := fresh[:0]
	for _, c := range fresh {
		if c.Citizen.IDNumber == "" {
			// Held by value (a pointer into the chunk would keep the whole
			// chunk alive until the end of the batch: a 1M-row import held
			// 5 GB), and spilled past a bound.
			if err := w.needNumber.add(c, w.opts.HoldRows); err != nil {
				return err
			}
		} else {
			if c.data == nil { // a held row read back from its temporary file
				c.data = mustJSON(&c.Citizen)
			}
			numbered = append(numbered, c)
		}
	}
	if err := w.insert(ctx, numbered); err != nil {
		return err
	}
	if err := w.recordForms(ctx); err != nil {
		return err
	}
	if len(conflicts) > 0 {
		if err := w.tx.AddConflicts(ctx, conflicts); err != nil {
			return err
		}
	}
	return nil
}

// writeHeld reports the repeated record refs and writes the held rows
// that are not repeats, in file order.
func (w *batchWriter) writeHeld(ctx context.Context) error {
	defer w.suspects.close()
	// Repeats are few (each is an error); the refs themselves stay on disk.
	repeats := map[int]int{}
	if err := w.refs.dups(func(line, first int, _ bool) error {
		repeats[line] = first
		return nil
	}); err != nil {
		return err
	}
	st := &w.info.Stats
	reported := 0
	err := w.suspects.each(max(w.opts.ChunkSize, 1), func(part []*converted) error {
		valid := make([]*converted, 0, len(part))
		for _, c := range part {
			if first, repeat := repeats[c.line]; repeat {
				reported++
				if !c.invalid {
					st.Invalid++
				}
				w.opts.OnIssue(Issue{RecordRef: c.Citizen.RecordRef, Line: c.line, Column: "record_ref", Severity: "error",
					Reason: fmt.Sprintf("appears twice in the batch (first on line %d)", first)})
				continue
			}
			if !c.invalid {
				valid = append(valid, c)
			}
		}
		return w.writeValid(ctx, valid, true)
	})
	if err == nil && reported != len(repeats) {
		// A repeated ref always passes the filter; anything else is a bug.
		err = fmt.Errorf("import: %d repeated record refs found, %d of them among the held rows", len(repeats), reported)
	}
	return err
}

// finish assigns numbers to the rows that had none and writes them.
func (w *batchWriter) finish(ctx context.Context) error {
	defer w.needNumber.close()
	if err := w.writeHeld(ctx); err != nil {
		return err
	}
	if w.info.Stats.Invalid > 0 && !w.opts.SkipInvalid {
		return nil
	}
	if w.needNumber.len() == 0 {
		return nil
	}
	// Every row that carries a number is written by now, so the
	// transaction knows every number the batch holds: the held rows'
	// numbers are drawn a group at a time, then the group's rows are
	// written chunk by chunk. Drawn a chunk at a time, each draw waited
	// for the chunk before it to be written (one connection), and the
	// chunk's rows were laid out only after its draw, while the database
	// idled: 25 rounds, ~3.2 s of a 1M import (statement log). A group is
	// as many rows as the batch holds in memory anyway, so drawing for it
	// needs no memory that grows with the file.
	chunk := max(w.opts.ChunkSize, 1)
	return w.needNumber.each(max(holdLimit(w.opts.HoldRows), chunk), func(group []*converted) error {
		if err := w.drawNumbers(ctx, group); err != nil {
			return err
		}
		for start := 0; start < len(group); start += chunk {
			if err := w.insert(ctx, group[start:min(start+chunk, len(group))]); err != nil {
				return err
			}
		}
		return nil
	})
}

// drawNumbers gives a number to every row of a group of held rows.
func (w *batchWriter) drawNumbers(ctx context.Context, group []*converted) error {
	blocks := make([]string, len(group))
	for i, c := range group {
		block, err := BlockFor(w.im.Units, c.Citizen)
		if err != nil {
			return fmt.Errorf("record %s (line %d): cannot assign an ID number: %w", c.Citizen.RecordRef, c.line, err)
		}
		blocks[i] = block
	}
	numbers, err := w.tx.AssignNumbers(ctx, blocks)
	if err != nil {
		return err
	}
	if len(numbers) != len(group) {
		return fmt.Errorf("import: %d numbers drawn for %d held rows", len(numbers), len(group))
	}
	for i, c := range group {
		c.Citizen.IDNumber = numbers[i]
		c.data = mustJSON(&c.Citizen)
	}
	w.info.Stats.Assigned += len(group)
	return nil
}

func (w *batchWriter) insert(ctx context.Context, rows []*converted) error {
	if len(rows) == 0 {
		return nil
	}
	recs := make([]NewRecord, len(rows))
	for i, c := range rows {
		recs[i] = NewRecord{Citizen: c.Citizen, Hash: c.Hash, Data: c.data}
	}
	// The batch's number only: its source file is on the batch's row, and
	// every version row repeats this reason (the file name was ~30 of a
	// version row's bytes, more with a path).
	meta := ChangeMeta{Actor: w.opts.Actor, Reason: fmt.Sprintf("import batch %d", w.info.ID), ValidFrom: w.opts.AsOf}
	if err := w.tx.Insert(ctx, recs, meta); err != nil {
		return err
	}
	w.info.Stats.Inserted += len(recs)
	return nil
}

// classify splits valid rows into new records and conflicts, counting rows
// that the register already holds unchanged.
func (w *batchWriter) classify(ctx context.Context, rows []*converted, exact bool) ([]*converted, []Conflict, error) {
	refs := make([]string, 0, len(rows))
	numbers := make([]string, 0, len(rows))
	for _, c := range rows {
		refs = append(refs, c.Citizen.RecordRef)
		if c.Citizen.IDNumber != "" {
			numbers = append(numbers, c.Citizen.IDNumber)
		}
	}
	// Into an empty register only this batch's rows can match. A row
	// the filters cleared carries a ref and a number no earlier row did;
	// the others (exact) were held until now and are looked up.
	refHits, numHits := map[string]RefHit{}, map[string]Citizen{}
	var err error
	if !w.tx.StartedEmpty() {
		if refHits, err = w.tx.ExistingRefs(ctx, refs); err != nil {
			return nil, nil, err
		}
	}
	if !w.tx.StartedEmpty() || exact {
		if numHits, err = w.tx.ExistingNumbers(ctx, numbers); err != nil {
			return nil, nil, err
		}
	}
	inChunk := map[string]*converted{}
	st := &w.info.Stats
	fresh := make([]*converted, 0, len(rows))
	var conflicts []Conflict
	for _, c := range rows {
		num := c.Citizen.IDNumber
		if hit, ok := refHits[c.Citizen.RecordRef]; ok {
			if hit.Hash == c.Hash {
				st.Unchanged++
				continue
			}
			conflicts = append(conflicts, w.conflict(c, hit.CitizenID, nil, "record_ref was imported before with different content"))
			continue
		}
		holder, held := numHits[num]
		if earlier, ok := inChunk[num]; !held && ok {
			holder, held = earlier.Citizen, true
		}
		if held {
			d := Diff(holder, c.Citizen)
			if len(d) == 0 {
				st.Unchanged++
				if ref := c.Citizen.RecordRef; ref != "" && ref != holder.RecordRef {
					w.forms = append(w.forms, Form{RecordRef: ref, CitizenID: holder.ID, BatchID: w.info.ID, Line: c.line})
				}
				continue
			}
			conflicts = append(conflicts, w.conflict(c, holder.ID, d, "id_number belongs to a citizen whose data differs"))
			continue
		}
		if num != "" {
			inChunk[num] = c
		}
		fresh = append(fresh, c)
	}
	st.Conflicts += len(conflicts)
	for _, cf := range conflicts {
		w.opts.OnIssue(Issue{RecordRef: cf.RecordRef, Line: cf.Line, Column: strings.Join(DiffFields(cf.Fields), " "), Severity: "conflict", Reason: cf.Reason})
	}
	return fresh, conflicts, nil
}

func (w *batchWriter) conflict(c *converted, citizenID string, d map[string][2]any, reason string) Conflict {
	return Conflict{BatchID: w.info.ID, RecordRef: c.Citizen.RecordRef, Line: c.line, CitizenID: citizenID,
		IDNumber: c.Citizen.IDNumber, Fields: d, Reason: reason}
}

// BlockFor picks the ID-number block of a citizen: the birth-registration
// province of the 63-province list, then century/sex and birth year.
func BlockFor(cat *units.Catalog, c Citizen) (string, error) {
	prefix := IDPrefixOf(cat, c)
	sex := idnumber.Male
	if c.Sex == Female {
		sex = idnumber.Female
	}
	return idnumber.Block(prefix, c.BirthDate.Year, sex)
}
