// Package merge holds the domain rules of duplicate review: the queue of
// candidate pairs an officer decides, merging two records of one person
// into one, and undoing a merge.
//
// A merge keeps one person and one ID number. The survivor keeps its
// number; the other record becomes Merged (MergedInto = survivor) and its
// number is cancelled and linked to the survivor, so a look-up by that
// number finds the person. The survivor may take the values of fields it
// lacks from the merged record; which ones is recorded.
//
// Undo reverses a merge with new versions; nothing is deleted from either
// history. The law never reuses a number for another person; undo gives
// the cancelled number back to the same person it was cancelled from, who
// held it before and whom nobody else ever held in between (a cancelled
// number is never drawn), so the number stays one person's for life.
//
// The package is domain code: it imports no SQL or HTTP package.
package merge
