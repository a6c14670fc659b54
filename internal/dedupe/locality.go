package dedupe

import (
	"cmp"
	"slices"
)

// OrderForLocality sorts records, in place, by given name, birth date and
// surname: the parts of the keys that make most candidate pairs. A full
// run reads, for each record, the records of its blocks. In the register's
// order they lie anywhere in a gigabyte of memory, and waiting for them
// was most of what a million-record run spent scoring; sorted, a block's
// members lie together, and neighbouring records, whose blocks are mostly
// the same, find their candidates still in the cache (a million records:
// 72 s → 58 s). Pointers into records are invalidated.
func OrderForLocality(records []Record) {
	order := make([]int32, len(records))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int {
		a, b := &records[i], &records[j]
		return cmp.Or(cmp.Compare(a.Name.Given(), b.Name.Given()), cmp.Compare(a.birthDigits, b.birthDigits),
			cmp.Compare(a.Name.Surname(), b.Name.Surname()))
	})
	// Position i takes the record at order[i]. Following each cycle of the
	// permutation moves every record once, with one spare: a sorted copy
	// would hold a second gigabyte at a million records.
	for i := range order {
		if order[i] < 0 {
			continue
		}
		spare, j := records[i], i
		for {
			k := int(order[j])
			order[j] = -1
			if k == i {
				records[j] = spare
				break
			}
			records[j] = records[k]
			j = k
		}
	}
}
