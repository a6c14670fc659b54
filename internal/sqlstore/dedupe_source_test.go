package sqlstore_test

import (
	"context"
	"dancu/internal/wire"
	"errors"
	"reflect"
	"sort"
	"testing"

	"dancu/internal/dedupe"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
)

func TestForEachCitizen(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		var want []string
		for i, num := range []string{"042090000123", "042090000124", "042090000125"} {
			c := sampleCitizen()
			c.ID, c.IDNumber, c.RecordRef = newID(), num, "42-18073-00000"+string(rune('1'+i))
			if _, err := wire.Register(e.db).Create(ctx, c, officer); err != nil {
				t.Fatal(err)
			}
			want = append(want, c.ID)
		}
		// A later version is what the scan returns, not the first one.
		if _, err := wire.Register(e.db).Update(ctx, want[1], 1, func(c *registry.Citizen) error {
			c.FullName = "Nguyễn Văn Hưng"
			return nil
		}, officer); err != nil {
			t.Fatal(err)
		}
		sort.Strings(want)
		var got []registry.Citizen
		if err := e.db.Citizens().ForEachCitizen(ctx, func(c registry.Citizen) error {
			got = append(got, c)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("scanned %d citizens, want %d", len(got), len(want))
		}
		for i, c := range got {
			if c.ID != want[i] {
				t.Errorf("citizen %d: id %s, want %s (id order)", i, c.ID, want[i])
			}
			if c.RecordRef == "" || c.FullName == "" {
				t.Errorf("citizen %d decoded without record_ref or name: %+v", i, c)
			}
		}
		renamed := 0
		for _, c := range got {
			if c.FullName == "Nguyễn Văn Hưng" && c.Version == 2 {
				renamed++
			}
		}
		if renamed != 1 {
			t.Errorf("current state not read: %d renamed records", renamed)
		}
		stop := errors.New("stop")
		calls := 0
		err := e.db.Citizens().ForEachCitizen(ctx, func(registry.Citizen) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("callback error: got %v after %d calls, want stop after 1", err, calls)
		}
	})
}

// The reduced decoding for duplicate detection prepares every record
// exactly as the full decoding does: no field a comparison reads is lost.
func TestScanCitizensForMatching(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		for i, num := range []string{"042090000131", "042090000132"} {
			c := sampleCitizen()
			c.ID, c.IDNumber, c.RecordRef = newID(), num, "42-18073-00001"+string(rune('1'+i))
			c.Father = registry.PersonRef{Name: "Nguyễn Văn Cha", IDNumber: "042060000001"}
			c.Spouse = registry.PersonRef{Name: "Lê Thị Vợ"}
			c.OtherName = "Tèo" // the matcher tries it as the given name
			c.CancelledIDNumbers, c.OldIDNumber, c.Phone = []string{"042090000199"}, "123456789", "0912 345 678"
			if _, err := wire.Register(e.db).Create(ctx, c, officer); err != nil {
				t.Fatal(err)
			}
		}
		collect := func(scan func(context.Context, *sqlstore.DB, int, func() func(registry.Citizen) (dedupe.Record, bool), func(dedupe.Record) error) error) []dedupe.Record {
			var out []dedupe.Record
			prepare := func() func(registry.Citizen) (dedupe.Record, bool) {
				return func(c registry.Citizen) (dedupe.Record, bool) { return dedupe.Prepare(c), true }
			}
			if err := scan(ctx, e.db, 2, prepare, func(r dedupe.Record) error { out = append(out, r); return nil }); err != nil {
				t.Fatal(err)
			}
			return out
		}
		full := collect(sqlstore.ScanCitizens[dedupe.Record])
		lean := collect(sqlstore.ScanCitizensForMatching[dedupe.Record])
		if len(full) == 0 || !reflect.DeepEqual(full, lean) {
			t.Errorf("records prepared from the reduced decoding differ:\nfull %+v\nlean %+v", full, lean)
		}
	})
}
