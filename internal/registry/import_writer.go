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
	// numbersInBatch holds every number this batch carries or was given, so
	// a later row with the same number is compared, not inserted twice, and
	// no fresh number repeats one.
	numbersInBatch *numberSet
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
			continue
		}
		valid = append(valid, c)
	}
	if w.opts.OnProgress != nil {
		w.opts.OnProgress(st.Rows)
	}
	if st.Invalid > 0 && !w.opts.SkipInvalid {
		return nil // the batch will be rolled back; keep validating to report every error
	}
	fresh, conflicts, err := w.classify(ctx, valid)
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

// finish assigns numbers to the rows that had none and writes them.
func (w *batchWriter) finish(ctx context.Context) error {
	defer w.needNumber.close()
	if w.info.Stats.Invalid > 0 && !w.opts.SkipInvalid {
		return nil
	}
	return w.needNumber.each(max(w.opts.ChunkSize, 1), func(part []*converted) error {
		if err := w.assignNumbers(ctx, part); err != nil {
			return err
		}
		return w.insert(ctx, part)
	})
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
func (w *batchWriter) classify(ctx context.Context, rows []*converted) ([]*converted, []Conflict, error) {
	refs := make([]string, 0, len(rows))
	numbers := make([]string, 0, len(rows))
	for _, c := range rows {
		refs = append(refs, c.Citizen.RecordRef)
		if c.Citizen.IDNumber != "" {
			numbers = append(numbers, c.Citizen.IDNumber)
		}
	}
	// Into an empty register only this batch's rows can match, and those
	// are tracked in memory (record refs by the reader, numbers below).
	refHits, numHits := map[string]RefHit{}, map[string]Citizen{}
	if !w.tx.StartedEmpty() {
		var err error
		if refHits, err = w.tx.ExistingRefs(ctx, refs); err != nil {
			return nil, nil, err
		}
		if numHits, err = w.tx.ExistingNumbers(ctx, numbers); err != nil {
			return nil, nil, err
		}
	}
	if w.numbersInBatch == nil {
		w.numbersInBatch = newNumberSet()
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
		if !held && num != "" {
			if w.numbersInBatch.has(num) {
				var err error
				if holder, err = w.batchHolder(ctx, inChunk, num); err != nil {
					return nil, nil, err
				}
				held = true
			}
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
			w.numbersInBatch.add(num)
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

// batchHolder finds the earlier row of this batch that carries num: in the
// current chunk, or already written by the batch's transaction.
func (w *batchWriter) batchHolder(ctx context.Context, inChunk map[string]*converted, num string) (Citizen, error) {
	if c, ok := inChunk[num]; ok {
		return c.Citizen, nil
	}
	found, err := w.tx.ExistingNumbers(ctx, []string{num})
	if err != nil {
		return Citizen{}, err
	}
	holder, ok := found[num]
	if !ok {
		return Citizen{}, fmt.Errorf("import: number seen earlier in the batch is not in its transaction")
	}
	return holder, nil
}

func (w *batchWriter) conflict(c *converted, citizenID string, d map[string][2]any, reason string) Conflict {
	return Conflict{BatchID: w.info.ID, RecordRef: c.Citizen.RecordRef, Line: c.line, CitizenID: citizenID,
		IDNumber: c.Citizen.IDNumber, Fields: d, Reason: reason}
}

// assignNumbers gives a number to every new citizen that has none.
func (w *batchWriter) assignNumbers(ctx context.Context, rows []*converted) error {
	blocks := make([]string, len(rows))
	for i, c := range rows {
		block, err := BlockFor(w.im.Units, c.Citizen)
		if err != nil {
			return fmt.Errorf("record %s (line %d): cannot assign an ID number: %w", c.Citizen.RecordRef, c.line, err)
		}
		blocks[i] = block
	}
	numbers, err := w.tx.AssignNumbers(ctx, blocks, func(n string) bool {
		return w.numbersInBatch.has(n)
	})
	if err != nil {
		return err
	}
	for i, c := range rows {
		c.Citizen.IDNumber = numbers[i]
		c.data = mustJSON(c.Citizen)
		w.numbersInBatch.add(numbers[i])
	}
	w.info.Stats.Assigned += len(numbers)
	return nil
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
