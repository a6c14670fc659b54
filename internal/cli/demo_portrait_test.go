package cli

import (
	"fmt"
	"testing"
	"time"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/synthbio"
)

// TestDemoPortraitIsThePersons protects the demo's intake photos: they
// were picked by the applicant's place in the day's queue from eight
// faces, so a 14-year-old and an 83-year-old shared one. Each applicant
// now gets a portrait of their own, the same on every run, drawn for
// their age and sex.
func TestDemoPortraitIsThePersons(t *testing.T) {
	on := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	seen := map[string]int{}
	const n = 24
	for i := range n {
		z := registry.Citizen{ID: fmt.Sprintf("0195%04d-7f2a-7c3e-9d1b-2a4f6e8c0b11", i), Sex: registry.Male, BirthDate: pdate.Full(1940+3*i, 1+i%12, 1+i%28)}
		if i%2 == 1 {
			z.Sex = registry.Female
		}
		p := demoPerson(z, on)
		if want := 2026 - (1940 + 3*i) - 1; p.Age != want && p.Age != want+1 {
			t.Errorf("born %s: age %d on %s", z.BirthDate, p.Age, on.Format(time.DateOnly))
		}
		if p.Female != (z.Sex == registry.Female) {
			t.Errorf("%s drawn as female=%v", z.Sex, p.Female)
		}
		b, err := synthbio.PersonPhoto(p)
		if err != nil {
			t.Fatal(err)
		}
		if j, dup := seen[string(b)]; dup {
			t.Errorf("applicants %d and %d got the same portrait", j, i)
		}
		seen[string(b)] = i
		if again, _ := synthbio.PersonPhoto(demoPerson(z, on)); string(again) != string(b) {
			t.Errorf("applicant %d got a different portrait the second time", i)
		}
	}
	// A year-only birth date still gives an age; none at all an adult.
	if p := demoPerson(registry.Citizen{ID: "x", BirthDate: pdate.Date{Year: 1950}}, on); p.Age < 75 || p.Age > 76 {
		t.Errorf("born 1950: age %d", p.Age)
	}
	if p := demoPerson(registry.Citizen{ID: "x"}, on); p.Age != 40 {
		t.Errorf("no birth date: age %d", p.Age)
	}
}
