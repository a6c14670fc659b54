package dedupe

// Form is a second form of a record: the import absorbed it because it
// carried the record's ID number and identical data, and kept only its
// record_ref.
type Form struct {
	Ref string // the absorbed form's record_ref
	ID  string // the register id of the record that absorbed it
}

// FormPairs pairs each absorbed form with the record holding it. They are
// the same person by construction (one ID number, identical data), so each
// pair is a match, scored as the record against itself. Forms of records
// not in byID (merged away) are skipped.
func (d *Detector) FormPairs(forms []Form, byID map[string]*Record) []Pair {
	out := make([]Pair, 0, len(forms))
	for _, f := range forms {
		r, ok := byID[f.ID]
		if !ok || f.Ref == r.Ref {
			continue
		}
		copyOf := *r
		copyOf.Ref = f.Ref
		out = append(out, Pair{Left: r, Right: &copyOf, Score: d.Scorer.Score(r, &copyOf), Decision: Match})
	}
	return out
}
