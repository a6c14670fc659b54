package dedupe

import (
	"testing"

	"dancu/internal/registry"
)

// Values counted by hash and by word give the same shares a count of the
// strings gives: each value its own count, a value never seen one record
// in N, the parents counted together, the vocabulary still walkable.
func TestFrequenciesCountEachValue(t *testing.T) {
	citizens := []registry.Citizen{
		{FullName: "Nguyễn Văn Hùng", Sex: registry.Male, HouseholdRef: "HK1", Father: registry.PersonRef{Name: "Nguyễn Văn An"}, Mother: registry.PersonRef{Name: "Lê Thị Bình"}},
		{FullName: "Nguyễn Văn Hùng", Sex: registry.Male, HouseholdRef: "HK2", Father: registry.PersonRef{Name: "Nguyễn Văn An"}, Mother: registry.PersonRef{Name: "Lê Thị Bình"}},
		{FullName: "Trần Thị Mai", Sex: registry.Female, HouseholdRef: "HK1", Father: registry.PersonRef{Name: "Trần Văn Cường"}, Mother: registry.PersonRef{Name: "Lê Thị Bình"}},
		{FullName: "Trần Thị Mai", Sex: registry.Female, HouseholdRef: "HK3"},
	}
	f := NewFrequencies()
	recs := make([]Record, len(citizens))
	for i, c := range citizens {
		recs[i] = Prepare(c)
		f.Add(&recs[i])
	}
	for _, c := range []struct {
		name  string
		got   float64
		count int
	}{
		{"full name counted twice", f.share(f.full, recs[0].Name.Full()), 2},
		{"household shared by two", f.share(f.household, recs[0].Household), 2},
		{"household of one", f.share(f.household, recs[1].Household), 1},
		{"value never counted", f.share(f.household, "HK-none"), 1},
		{"mother's name", f.share(f.mother, recs[0].Mother.Name.Full()), 3},
		{"given name (a vocabulary)", f.share(f.given, recs[2].Name.Given()), 2},
		{"both parents together", f.parentsShare(&recs[0]), 2},
		{"parents, another father", f.parentsShare(&recs[2]), 1},
	} {
		if want := float64(c.count) / float64(len(citizens)); c.got != want {
			t.Errorf("%s: share %v, want %v", c.name, c.got, want)
		}
	}
	if len(f.nameToken.words) == 0 || f.nameToken.hashed != nil {
		t.Errorf("name tokens are a vocabulary of words: %+v", f.nameToken)
	}
}
