package sqlstore_test

import (
	"testing"

	"dancu/internal/registry"
)

// A form with another record_ref but the same ID number and data is
// absorbed as unchanged, and its record_ref is kept; importing the same
// file again keeps it once. Duplicates within one batch and across
// batches are both kept.
func TestAbsorbedFormsAreKept(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		first := goodBatch + "R5,042090000123,Nguyễn Văn Hùng,1990-05-15,M,18073,H1,head,\n"
		second := header + "R6,042185000777,Trần Thị Lan,15/08/1985,Nữ,18073,H2,chủ hộ,\n"
		for _, body := range []string{first, second, first, second} {
			if _, _, err := importCSV(t, e, body, false); err != nil {
				t.Fatal(err)
			}
		}
		if n := countCitizens(t, e); n != 4 {
			t.Fatalf("%d citizens, want 4", n)
		}
		holders := map[string]string{}
		for _, num := range []string{"042090000123", "042185000777"} {
			c, err := e.db.Citizens().CitizenByIDNumber(ctx, num)
			if err != nil {
				t.Fatal(err)
			}
			holders[num] = c.ID
		}
		got := map[string]string{}
		if err := e.db.Citizens().ForEachForm(ctx, func(f registry.Form) error {
			got[f.RecordRef] = f.CitizenID
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"R5": holders["042090000123"], "R6": holders["042185000777"]}
		if len(got) != len(want) || got["R5"] != want["R5"] || got["R6"] != want["R6"] {
			t.Errorf("absorbed forms = %v, want %v", got, want)
		}
	})
}
