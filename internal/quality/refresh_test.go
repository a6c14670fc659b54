package quality

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// groupLog is a ChangeStore that records which groups a change re-checks.
type groupLog struct {
	cleared []string
	record  int
}

func (g *groupLog) ClearRecordFindings(context.Context, string) error { g.record++; return nil }
func (g *groupLog) ClearGroupFindings(_ context.Context, gr Group, subject string) error {
	g.cleared = append(g.cleared, string(gr)+":"+subject)
	return nil
}
func (g *groupLog) GroupMembers(context.Context, Group, string) ([]Person, error) { return nil, nil }
func (g *groupLog) ChildWithParents(context.Context, string) (*Person, *Person, *Person, error) {
	return nil, nil, nil, nil
}
func (g *groupLog) ChildrenOf(context.Context, []string) ([]string, error) { return nil, nil }
func (g *groupLog) AddFindings(context.Context, []Finding) error           { return nil }

// TestOnChangeRefreshesGroupsOnlyWhenAPersonChanges: a change that leaves
// the cross-record rules' input alone re-checks the record only; any
// change to that input re-checks the groups of both states.
func TestOnChangeRefreshesGroupsOnlyWhenAPersonChanges(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*registry.Citizen)
		groups []string // cleared groups, in order (nil: none)
	}{
		{"phone", func(c *registry.Citizen) { c.Phone = "0912345678" }, nil},
		{"tạm trú", func(c *registry.Citizen) {
			c.Temporary = registry.Residence{Commune: "18076", Province: "42", Since: pdate.Full(2026, 1, 1), Until: pdate.Full(2027, 1, 1)}
		}, nil},
		{"relation to head", func(c *registry.Citizen) { c.RelationToHead = "child" },
			[]string{"parents:c1", "household:h1", "number:042090000123"}},
		{"household", func(c *registry.Citizen) { c.HouseholdRef = "h2" },
			[]string{"parents:c1", "household:h1", "household:h2", "number:042090000123"}},
		{"thường trú commune", func(c *registry.Citizen) { c.Permanent.Commune = "18076" },
			[]string{"parents:c1", "household:h1", "number:042090000123"}},
		{"death", func(c *registry.Citizen) { c.Status = registry.Dead },
			[]string{"parents:c1", "household:h1", "number:042090000123"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := base()
			before.HouseholdRef, before.RelationToHead = "h1", "head"
			after := before
			tc.change(&after)
			log := &groupLog{}
			r := Refresher{Engine: engine(), Store: log}
			if err := r.OnChange(context.Background(), registry.Change{Before: &before, After: after}); err != nil {
				t.Fatal(err)
			}
			if log.record != 1 {
				t.Errorf("record findings re-checked %d times, want once", log.record)
			}
			if !slices.Equal(log.cleared, tc.groups) {
				t.Errorf("groups re-checked %v, want %v", log.cleared, tc.groups)
			}
		})
	}
}

// TestPersonEqualReadsEveryField: a field added to Person must be compared
// too, or a change to it would skip the groups' re-check.
func TestPersonEqualReadsEveryField(t *testing.T) {
	c := base()
	p := PersonOf(&c)
	if !p.Equal(PersonOf(&c)) {
		t.Fatal("a person differs from its own copy")
	}
	v := reflect.ValueOf(&p).Elem()
	for i := 0; i < v.NumField(); i++ {
		q := p
		f := reflect.ValueOf(&q).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{"042090000999"}))
		case reflect.Struct: // pdate.Date
			f.Field(0).SetInt(f.Field(0).Int() + 1)
		default:
			t.Fatalf("field %s of kind %s: teach this test to change it", v.Type().Field(i).Name, f.Kind())
		}
		if p.Equal(q) {
			t.Errorf("Equal ignores field %s", v.Type().Field(i).Name)
		}
	}
}
