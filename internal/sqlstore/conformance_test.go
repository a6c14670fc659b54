package sqlstore_test

import (
	"context"
	"dancu/internal/wire"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/units"
)

var ctx = context.Background()

func sampleCitizen() registry.Citizen {
	return registry.Citizen{
		ID: newID(), IDNumber: "042090000123", FullName: "Nguyễn Văn Hùng",
		BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, Status: registry.Alive,
		OldIDNumber: "183456789", Ethnicity: "01", Nationality: "VN",
		Permanent:    registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"},
		HouseholdRef: "HT-001", RelationToHead: "head",
		Father: registry.PersonRef{Name: "Nguyễn Văn Hải", IDNumber: "042060000001"},
	}
}

var officer = registry.ChangeMeta{Actor: "officer:42-001", Reason: "DC01 collection"}

func TestMigrateIsIdempotent(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		if err := e.db.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		v, err := e.db.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("schema version = %d, %v", v, err)
		}
	})
}

func TestCreateAndRead(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		c, err := wire.Register(e.db).Create(ctx, sampleCitizen(), officer)
		if err != nil {
			t.Fatal(err)
		}
		if c.Version != 1 {
			t.Errorf("version = %d, want 1", c.Version)
		}
		byID, err := e.db.Citizens().Citizen(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d := registry.Diff(c, byID); len(d) != 0 {
			t.Errorf("read back differs: %v", d)
		}
		byNum, err := e.db.Citizens().CitizenByIDNumber(ctx, "042090000123")
		if err != nil || byNum.ID != c.ID {
			t.Errorf("by ID number: %v %v", byNum.ID, err)
		}
		old, err := e.db.Citizens().CitizensByOldNumber(ctx, "183456789")
		if err != nil || len(old) != 1 || old[0].ID != c.ID {
			t.Errorf("by old number: %v %v", old, err)
		}
		if _, err := e.db.Citizens().Citizen(ctx, newID()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown id: %v, want not_found", err)
		}
		dup := sampleCitizen()
		if _, err := wire.Register(e.db).Create(ctx, dup, officer); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("same ID number twice: %v, want conflict", err)
		}
		if _, err := wire.Register(e.db).Create(ctx, sampleCitizen(), registry.ChangeMeta{Actor: "x"}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("no reason: %v, want invalid", err)
		}
	})
}

func TestHistoryAndAsOf(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		c, err := wire.Register(e.db).Create(ctx, sampleCitizen(), officer)
		if err != nil {
			t.Fatal(err)
		}
		t1 := e.clock.now()
		e.clock.advance(24 * time.Hour)
		moved := registry.ChangeMeta{Actor: "officer:42-002", Reason: "Đăng ký thường trú, Luật Cư trú 2020 art. 20"}
		c2, err := wire.Register(e.db).Update(ctx, c.ID, 1, func(z *registry.Citizen) error {
			z.Permanent = registry.Residence{Commune: "18070", Province: "42", Address: "Số 5, tổ 2"}
			return nil
		}, moved)
		if err != nil {
			t.Fatal(err)
		}
		if c2.Version != 2 || c2.Permanent.Commune != "18070" {
			t.Fatalf("after update: %+v", c2)
		}
		if _, err := wire.Register(e.db).Update(ctx, c.ID, 1, func(z *registry.Citizen) error { z.Phone = "0912345678"; return nil }, moved); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("stale version: %v, want conflict", err)
		}
		same, err := wire.Register(e.db).Update(ctx, c.ID, 2, func(z *registry.Citizen) error { return nil }, moved)
		if err != nil || same.Version != 2 {
			t.Errorf("no-op update made version %d, %v", same.Version, err)
		}
		hist, err := e.db.Citizens().History(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 {
			t.Fatalf("history has %d versions, want 2", len(hist))
		}
		h := hist[1]
		if h.Actor != moved.Actor || h.Reason != moved.Reason {
			t.Errorf("version 2 who/why = %q %q", h.Actor, h.Reason)
		}
		prev, ok := h.Previous["permanent"].(map[string]any)
		if !ok || prev["commune"] != "18073" {
			t.Errorf("previous values = %v, want the old permanent residence", h.Previous)
		}
		then, err := e.db.Citizens().CitizenAsOf(ctx, c.ID, t1)
		if err != nil || then.Permanent.Commune != "18073" || then.Version != 1 {
			t.Errorf("as of t1: %+v %v", then.Permanent, err)
		}
		now, err := e.db.Citizens().CitizenAsOf(ctx, c.ID, e.clock.now())
		if err != nil || now.Version != 2 {
			t.Errorf("as of now: version %d %v", now.Version, err)
		}
		if _, err := e.db.Citizens().CitizenAsOf(ctx, c.ID, t1.Add(-time.Hour)); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("before creation: %v, want not_found", err)
		}
	})
}

func TestHistoryIsAppendOnly(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		c, err := wire.Register(e.db).Create(ctx, sampleCitizen(), officer)
		if err != nil {
			t.Fatal(err)
		}
		// The trigger must be what refuses, not a statement that names no row.
		if _, err := e.db.SQL().ExecContext(ctx, `UPDATE citizen_versions SET reason = 'x' WHERE citizen_rid = (SELECT rid FROM citizens WHERE id = $1)`, c.ID); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("UPDATE of a version: %v, want the append-only refusal", err)
		}
		if _, err := e.db.SQL().ExecContext(ctx, `DELETE FROM citizen_versions WHERE citizen_rid = (SELECT rid FROM citizens WHERE id = $1)`, c.ID); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("DELETE of a version: %v, want the append-only refusal", err)
		}
		if _, err := e.db.SQL().ExecContext(ctx, `DELETE FROM citizens WHERE id = $1`, c.ID); err == nil {
			t.Error("DELETE of a citizen succeeded")
		}
	})
}

func TestReplaceIDNumber(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		c, err := wire.Register(e.db).Create(ctx, sampleCitizen(), officer)
		if err != nil {
			t.Fatal(err)
		}
		meta := registry.ChangeMeta{Actor: "c06", Reason: "TT 59/2021 art. 6: birth year corrected"}
		fresh, err := e.db.Citizens().AllocateIDNumber(ctx, "042091")
		if err != nil {
			t.Fatal(err)
		}
		got, err := wire.Register(e.db).ReplaceIDNumber(ctx, c.ID, fresh, meta)
		if err != nil {
			t.Fatal(err)
		}
		if got.IDNumber != fresh || len(got.CancelledIDNumbers) != 1 || got.CancelledIDNumbers[0] != "042090000123" {
			t.Fatalf("after replace: number %s, cancelled %v", got.IDNumber, got.CancelledIDNumbers)
		}
		viaOld, err := e.db.Citizens().CitizenByIDNumber(ctx, "042090000123")
		if err != nil || viaOld.ID != c.ID {
			t.Errorf("cancelled number no longer leads to the person: %v", err)
		}
		if enc, err := e.db.Citizens().EncodedCitizenByIDNumber(ctx, "042090000123"); err != nil || enc.ID != c.ID {
			t.Errorf("encoded read by a cancelled number: %+v, %v", enc.ID, err)
		}
		if _, err := e.db.Citizens().EncodedCitizenByIDNumber(ctx, "042090000777"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("encoded read of an unknown number: %v, want not found", err)
		}
		other := sampleCitizen()
		other.IDNumber = "042090000999"
		o, err := wire.Register(e.db).Create(ctx, other, officer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := wire.Register(e.db).ReplaceIDNumber(ctx, o.ID, "042090000123", meta); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("reusing a cancelled number: %v, want conflict", err)
		}
	})
}

func TestAllocateNeverRepeats(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		seen := map[string]bool{}
		for i := 0; i < 300; i++ {
			n, err := e.db.Citizens().AllocateIDNumber(ctx, "001203")
			if err != nil {
				t.Fatal(err)
			}
			if seen[n] || !strings.HasPrefix(n, "001203") || len(n) != 12 {
				t.Fatalf("draw %d gave %s (seen before: %v)", i, n, seen[n])
			}
			seen[n] = true
		}
	})
}

func TestSearch(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		people := []struct {
			name    string
			year    int
			commune string
		}{
			{"Nguyễn Văn Hùng", 1990, "18073"}, {"Nguyễn Văn Hùng", 1991, "18073"},
			{"Nguyễn Văn Hưng", 1990, "18070"}, {"Nguyễn Thị Hoa", 1990, "18073"},
			{"Đặng Văn Hùng", 1990, "18073"},
		}
		for i, p := range people {
			c := sampleCitizen()
			c.ID, c.IDNumber, c.FullName = newID(), "", p.name
			c.BirthDate = pdate.Full(p.year, 1, i+1)
			c.Permanent.Commune = p.commune
			if _, err := wire.Register(e.db).Create(ctx, c, officer); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			q    registry.Query
			want int
		}{
			{registry.Query{Name: "nguyen van hung"}, 3}, // Hùng ×2 and Hưng fold alike
			{registry.Query{Name: "nguyen van hung", BirthYear: 1990}, 2},
			{registry.Query{Name: "nguyen van"}, 3},
			{registry.Query{Name: "dang van hung"}, 1},
			{registry.Query{Name: "nguyen", Unit: "18070"}, 1},
			{registry.Query{Unit: "42"}, 5},
			{registry.Query{Name: "tran"}, 0},
		}
		for _, tt := range tests {
			page, err := e.db.Citizens().Search(ctx, tt.q)
			if err != nil {
				t.Fatalf("%+v: %v", tt.q, err)
			}
			if len(page.Items) != tt.want {
				t.Errorf("%+v: %d hits, want %d", tt.q, len(page.Items), tt.want)
			}
		}
		page, err := e.db.Citizens().Search(ctx, registry.Query{Unit: "42", Limit: 2})
		if err != nil || len(page.Items) != 2 || !page.More {
			t.Errorf("paging: %d items, more=%v, %v", len(page.Items), page.More, err)
		}
		if _, err := e.db.Citizens().Search(ctx, registry.Query{}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("empty query: %v, want invalid", err)
		}
	})
}

var _ = units.List2025July

// decodeEncoded checks an encoded read against the decoded one: same
// record, same jurisdiction fields.
func decodeEncoded(t *testing.T, want registry.Citizen, read func() (registry.EncodedCitizen, error)) (registry.Citizen, error) {
	t.Helper()
	enc, err := read()
	if err != nil {
		return registry.Citizen{}, err
	}
	var got registry.Citizen
	if err := json.Unmarshal(enc.JSON, &got); err != nil {
		t.Fatalf("encoded record is not valid JSON: %v\n%s", err, enc.JSON)
	}
	if enc.ID != want.ID || got.ID != want.ID || enc.Permanent.Commune != want.Permanent.Commune || enc.Permanent.Province != want.Permanent.Province {
		t.Errorf("encoded read: id %q/%q, permanent %+v; want %q, %+v", enc.ID, got.ID, enc.Permanent, want.ID, want.Permanent)
	}
	return got, nil
}

func TestReadsLinkRelatives(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		father := sampleCitizen()
		father.IDNumber, father.FullName, father.Father = "042060000001", "Nguyễn Văn Hải", registry.PersonRef{}
		f, err := wire.Register(e.db).Create(ctx, father, officer)
		if err != nil {
			t.Fatal(err)
		}
		child := sampleCitizen()                                                          // its father's number is 042060000001
		child.Mother = registry.PersonRef{Name: "Trần Thị Lan", IDNumber: "042170999999"} // not registered
		c, err := wire.Register(e.db).Create(ctx, child, officer)
		if err != nil {
			t.Fatal(err)
		}
		reads := map[string]func() (registry.Citizen, error){
			"by id":     func() (registry.Citizen, error) { return e.db.Citizens().Citizen(ctx, c.ID) },
			"by number": func() (registry.Citizen, error) { return e.db.Citizens().CitizenByIDNumber(ctx, c.IDNumber) },
			"as of":     func() (registry.Citizen, error) { return e.db.Citizens().CitizenAsOf(ctx, c.ID, e.clock.now()) },
			"encoded by id": func() (registry.Citizen, error) {
				return decodeEncoded(t, c, func() (registry.EncodedCitizen, error) { return e.db.Citizens().EncodedCitizen(ctx, c.ID) })
			},
			"encoded by number": func() (registry.Citizen, error) {
				return decodeEncoded(t, c, func() (registry.EncodedCitizen, error) {
					return e.db.Citizens().EncodedCitizenByIDNumber(ctx, c.IDNumber)
				})
			},
			"by old number": func() (registry.Citizen, error) {
				cs, err := e.db.Citizens().CitizensByOldNumber(ctx, c.OldIDNumber)
				for _, x := range cs {
					if x.ID == c.ID {
						return x, err
					}
				}
				return registry.Citizen{}, err
			},
		}
		for name, read := range reads {
			got, err := read()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got.Father.CitizenID != f.ID || got.Mother.CitizenID != "" {
				t.Errorf("%s: father %q (want %q), mother %q (want empty)", name, got.Father.CitizenID, f.ID, got.Mother.CitizenID)
			}
		}
		// A linked read handed back for an update must not store its links.
		if _, err := wire.Register(e.db).Update(ctx, c.ID, c.Version, func(z *registry.Citizen) error {
			z.Father.CitizenID, z.Phone = f.ID, "0912345678"
			return nil
		}, registry.ChangeMeta{Actor: "test", Reason: "phone"}); err != nil {
			t.Fatal(err)
		}
		hist, err := e.db.Citizens().History(ctx, c.ID)
		if err != nil || hist[0].Data.Father.CitizenID != "" || hist[1].Data.Father.CitizenID != "" {
			t.Errorf("links must not be stored in the history: %+v %v", hist[0].Data.Father, err)
		}
	})
}

// TestStoredRecordIsTheCurrentVersion: the provider's claims read
// (StoredRecord) gives the record's own fields of the current version
// after each change, never a relative's link, and NotFound for an unknown
// id.
func TestStoredRecordIsTheCurrentVersion(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		father := sampleCitizen()
		father.IDNumber, father.FullName, father.Father = "042060000001", "Nguyễn Văn Hải", registry.PersonRef{}
		if _, err := wire.Register(e.db).Create(ctx, father, officer); err != nil {
			t.Fatal(err)
		}
		c, err := wire.Register(e.db).Create(ctx, sampleCitizen(), officer) // linked to its father
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name   string
			change func(z *registry.Citizen)
		}{
			{"as created", nil},
			{"contact details added", func(z *registry.Citizen) { z.Phone, z.Email = "0912345678", "hung@example.vn" }},
			{"renamed and moved", func(z *registry.Citizen) {
				z.FullName, z.Permanent = "Nguyễn Văn Hưng", registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 5"}
			}},
		}
		for _, st := range steps {
			if st.change != nil {
				if c, err = wire.Register(e.db).Update(ctx, c.ID, c.Version, func(z *registry.Citizen) error { st.change(z); return nil }, officer); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
			}
			data, err := e.db.Citizens().StoredRecord(ctx, c.ID)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			var got registry.Citizen
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatalf("%s: stored record is not valid JSON: %v\n%s", st.name, err, data)
			}
			if got.IDNumber != c.IDNumber || got.FullName != c.FullName || got.BirthDate != c.BirthDate || got.Sex != c.Sex ||
				got.Permanent != c.Permanent || got.Phone != c.Phone || got.Email != c.Email {
				t.Errorf("%s: stored record %+v, want the current version %+v", st.name, got, c)
			}
			if got.Father.IDNumber != father.IDNumber || got.Father.CitizenID != "" {
				t.Errorf("%s: father %+v, want the stored reference without a link", st.name, got.Father)
			}
		}
		if _, err := e.db.Citizens().StoredRecord(ctx, newID()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown id: %v, want not found", err)
		}
	})
}
