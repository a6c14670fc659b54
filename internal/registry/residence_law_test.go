package registry

import (
	"testing"

	"dancu/internal/pdate"
)

// TestSettleResidenceDeletesOnDeath: the residence law on one record, for
// each way its life status can change.
func TestSettleResidenceDeletesOnDeath(t *testing.T) {
	home := Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}
	died := pdate.Full(2026, 1, 2)
	deleted := home
	deleted.DeletedOn, deleted.DeletedFor = died, DeletedForDeath
	for _, tc := range []struct {
		name       string
		in         Citizen
		perm, temp Residence
	}{
		{"alive keeps the registration", Citizen{Status: Alive, Permanent: home}, home, Residence{}},
		{"death deletes permanent and temporary", Citizen{Status: Dead, DeathDate: died, Permanent: home, Temporary: home}, deleted, deleted},
		{"a corrected death date moves the deletion", Citizen{Status: Dead, DeathDate: died, Permanent: func() Residence {
			r := deleted
			r.DeletedOn = pdate.Full(2025, 1, 1)
			return r
		}()}, deleted, Residence{}},
		{"a death corrected away restores it", Citizen{Status: Alive, Permanent: deleted}, home, Residence{}},
		{"missing is not death", Citizen{Status: Missing, Permanent: home}, home, Residence{}},
		{"no place, nothing to delete", Citizen{Status: Dead, DeathDate: died}, Residence{}, Residence{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.in
			SettleResidence(&c)
			if c.Permanent != tc.perm || c.Temporary != tc.temp {
				t.Errorf("permanent %+v temporary %+v; want %+v and %+v", c.Permanent, c.Temporary, tc.perm, tc.temp)
			}
		})
	}
}
