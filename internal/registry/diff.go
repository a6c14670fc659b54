package registry

import (
	"encoding/json"
	"reflect"
	"sort"
)

// bookkeeping fields are not part of a person's data: two forms describing
// the same person agree even if these differ.
var bookkeeping = map[string]bool{
	"id": true, "version": true, "updated_at": true, "record_ref": true,
	"cancelled_id_numbers": true, "merged_into": true,
}

// fieldMap flattens a citizen to its JSON fields, so diffs name fields
// exactly as the API and the import format do.
func fieldMap(c Citizen) map[string]any {
	b, err := json.Marshal(c)
	if err != nil {
		panic("registry: citizen does not marshal: " + err.Error()) // all fields are plain data
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic("registry: citizen does not unmarshal: " + err.Error())
	}
	return m
}

// Diff lists the data fields that differ: field -> [a's value, b's value].
// Absent values are nil. Bookkeeping fields are ignored.
func Diff(a, b Citizen) map[string][2]any {
	ma, mb := fieldMap(a), fieldMap(b)
	out := map[string][2]any{}
	for k, va := range ma {
		if bookkeeping[k] {
			continue
		}
		if vb := mb[k]; !reflect.DeepEqual(va, vb) {
			out[k] = [2]any{va, vb}
		}
	}
	for k, vb := range mb {
		if _, seen := ma[k]; !seen && !bookkeeping[k] {
			out[k] = [2]any{nil, vb}
		}
	}
	return out
}

// DiffFields returns the differing field names, sorted.
func DiffFields(d map[string][2]any) []string {
	names := make([]string, 0, len(d))
	for k := range d {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Previous returns the old values of the changed fields, for a version entry.
func Previous(d map[string][2]any) map[string]any {
	prev := make(map[string]any, len(d))
	for k, v := range d {
		prev[k] = v[0]
	}
	return prev
}
