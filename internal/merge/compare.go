package merge

import "dancu/internal/registry"

// SideBySide is a candidate pair as an officer reviews it: both records
// and the fields in which they differ.
type SideBySide struct {
	Candidate Candidate        `json:"candidate"`
	Left      registry.Citizen `json:"left"`
	Right     registry.Citizen `json:"right"`
	// Differing names the data fields whose values differ (bookkeeping
	// such as ids, versions and record_refs left out), sorted.
	Differing []string `json:"differing_fields"`
}

// Compare puts a candidate's two records side by side.
func Compare(c Candidate, left, right registry.Citizen) SideBySide {
	return SideBySide{Candidate: c, Left: left, Right: right, Differing: registry.DiffFields(registry.Diff(left, right))}
}
