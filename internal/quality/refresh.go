package quality

import (
	"context"

	"dancu/internal/registry"
)

// Group names a cross-record group whose findings are replaced together.
type Group string

// The groups a change can touch.
const (
	GroupHousehold Group = "household" // members of one household (subject: household_ref)
	GroupNumber    Group = "number"    // holders, present or past, of one 12-digit number
	GroupOldNumber Group = "old"       // holders of one 9-digit number (findings' scope "number")
	GroupParents   Group = "parents"   // one child with its parents (subject: the child's id)
)

// ChangeStore is what re-checking a change needs from storage. Its methods
// run inside the change's transaction (the store joins the transaction
// the context carries).
type ChangeStore interface {
	// ClearRecordFindings removes a citizen's record-scope findings.
	ClearRecordFindings(ctx context.Context, citizenID string) error
	// ClearGroupFindings removes a group's findings.
	ClearGroupFindings(ctx context.Context, g Group, subject string) error
	// GroupMembers are the current records of a household or the holders
	// of a number.
	GroupMembers(ctx context.Context, g Group, subject string) ([]Person, error)
	// ChildWithParents reads a child and the parents the register holds
	// (nil where it holds none); child is nil for an unknown id.
	ChildWithParents(ctx context.Context, childID string) (child, father, mother *Person, err error)
	// ChildrenOf lists the citizens whose father or mother holds a number.
	ChildrenOf(ctx context.Context, parentNumbers []string) ([]string, error)
	AddFindings(ctx context.Context, fs []Finding) error
}

// Refresher keeps the findings current on every change to the register: a
// registry.ChangeHook that re-checks, inside the change's transaction, the
// changed record and every group the change touches in its old and new
// state (households, numbers, parents and children).
type Refresher struct {
	Engine *Engine
	Store  ChangeStore
}

// OnChange implements registry.ChangeHook.
func (r *Refresher) OnChange(ctx context.Context, ch registry.Change) error {
	next := ch.After
	if err := r.Store.ClearRecordFindings(ctx, next.ID); err != nil {
		return err
	}
	if err := r.Store.AddFindings(ctx, r.Engine.Record(&next)); err != nil {
		return err
	}
	if ch.Before != nil && PersonOf(ch.Before).Equal(PersonOf(&next)) {
		// The cross-record rules read only a Person: when the change
		// leaves it as it was (an address, a phone, a tạm trú), no
		// group's findings can differ, so re-checking them is waste.
		return nil
	}
	var t Touched
	t.Add(ch.Before)
	t.Add(&next)
	return r.RefreshGroups(ctx, &t)
}

// RefreshGroups replaces the cross-record findings of the touched groups,
// each once.
func (r *Refresher) RefreshGroups(ctx context.Context, t *Touched) error {
	children := append([]string(nil), t.ids...)
	for start := 0; start < len(t.parentNumbers); start += 400 {
		ids, err := r.Store.ChildrenOf(ctx, t.parentNumbers[start:min(start+400, len(t.parentNumbers))])
		if err != nil {
			return err
		}
		for _, id := range ids {
			t.put(&children, "child", id)
		}
	}
	var out []Finding
	check := func(g Group, subject string, rule func([]Person) []Finding) error {
		if err := r.Store.ClearGroupFindings(ctx, g, subject); err != nil {
			return err
		}
		ps, err := r.Store.GroupMembers(ctx, g, subject)
		if err != nil {
			return err
		}
		out = append(out, rule(ps)...)
		return nil
	}
	for _, id := range children {
		if err := r.Store.ClearGroupFindings(ctx, GroupParents, id); err != nil {
			return err
		}
		child, father, mother, err := r.Store.ChildWithParents(ctx, id)
		if err != nil {
			return err
		}
		if child != nil {
			out = append(out, r.Engine.Parents(child, father, mother)...)
		}
	}
	for _, ref := range t.households {
		if err := check(GroupHousehold, ref, func(ps []Person) []Finding { return r.Engine.Household(ref, ps) }); err != nil {
			return err
		}
	}
	for _, n := range t.numbers {
		if err := check(GroupNumber, n, func(ps []Person) []Finding { return r.Engine.SameNumber(n, ps) }); err != nil {
			return err
		}
	}
	for _, n := range t.olds {
		if err := check(GroupOldNumber, n, func(ps []Person) []Finding { return r.Engine.SameOldNumber(n, ps) }); err != nil {
			return err
		}
	}
	return r.Store.AddFindings(ctx, out)
}

// Touched collects the cross-record groups a set of changes touches, each
// once.
type Touched struct {
	ids, parentNumbers, households, numbers, olds []string
	seen                                          map[string]bool
}

func (t *Touched) put(list *[]string, kind, v string) {
	if v == "" {
		return
	}
	if t.seen == nil {
		t.seen = map[string]bool{}
	}
	if key := kind + "\x00" + v; !t.seen[key] {
		t.seen[key] = true
		*list = append(*list, v)
	}
}

// Add notes the groups c belongs to (nil: nothing).
func (t *Touched) Add(c *registry.Citizen) {
	if c == nil {
		return
	}
	t.put(&t.ids, "id", c.ID)
	t.put(&t.parentNumbers, "parent", c.IDNumber)
	t.put(&t.households, "household", c.HouseholdRef)
	t.put(&t.numbers, "number", c.IDNumber)
	for _, n := range c.CancelledIDNumbers {
		t.put(&t.numbers, "number", n)
	}
	t.put(&t.olds, "old", c.OldIDNumber)
}
