package sqlstore_test

import (
	"testing"

	"dancu/internal/registry"
	"dancu/internal/wire"
)

// fatherLink reads id by number through the encoded (API) path and the
// decoded one, checks they agree, and returns the father's link.
func fatherLink(t *testing.T, e engine, c registry.Citizen) string {
	t.Helper()
	got, err := decodeEncoded(t, c, func() (registry.EncodedCitizen, error) {
		return e.db.Citizens().EncodedCitizenByIDNumber(ctx, c.IDNumber)
	})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := e.db.Citizens().Citizen(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Father.CitizenID != got.Father.CitizenID {
		t.Fatalf("encoded read links father %q, decoded read %q", got.Father.CitizenID, plain.Father.CitizenID)
	}
	return got.Father.CitizenID
}

// Links are resolved at write time, so every write that can change one
// must: a relative registered after the record naming them, a relative's
// number changed, a record's relative changed, and an import batch whose
// records name each other in any order or name older records.
func TestLinksFollowTheWrites(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		reg := wire.Register(e.db)
		child := sampleCitizen() // names father 042060000001, not yet registered
		c, err := reg.Create(ctx, child, officer)
		if err != nil {
			t.Fatal(err)
		}
		if got := fatherLink(t, e, c); got != "" {
			t.Fatalf("father not registered yet, linked to %q", got)
		}
		father := sampleCitizen()
		father.IDNumber, father.FullName, father.Father = "042060000001", "Nguyễn Văn Hải", registry.PersonRef{}
		f, err := reg.Create(ctx, father, officer)
		if err != nil {
			t.Fatal(err)
		}
		if got := fatherLink(t, e, c); got != f.ID {
			t.Fatalf("father registered after the child: linked to %q, want %q", got, f.ID)
		}
		steps := []struct {
			name   string
			id     string
			change func(*registry.Citizen)
			want   string
		}{
			{"the father's number changes", f.ID, func(z *registry.Citizen) { z.IDNumber = "042060000002" }, ""},
			{"the child names the new number", c.ID, func(z *registry.Citizen) { z.Father.IDNumber = "042060000002" }, f.ID},
			{"the child names an unknown number", c.ID, func(z *registry.Citizen) { z.Father.IDNumber = "042060000009" }, ""},
			{"the father takes that number", f.ID, func(z *registry.Citizen) { z.IDNumber = "042060000009" }, f.ID},
		}
		for _, s := range steps {
			if _, err := reg.Update(ctx, s.id, 0, func(z *registry.Citizen) error { s.change(z); return nil },
				registry.ChangeMeta{Actor: "test", Reason: s.name}); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if c, err = e.db.Citizens().Citizen(ctx, c.ID); err != nil {
				t.Fatal(err)
			}
			if got := fatherLink(t, e, c); got != s.want {
				t.Errorf("%s: father linked to %q, want %q", s.name, got, s.want)
			}
		}
	})
}

func TestImportLinksRelatives(t *testing.T) {
	const h = "record_ref,id_number,full_name,birth_date,sex,permanent_commune,household_ref,relation_to_head,father_name,father_id_number\n"
	eachEngine(t, func(t *testing.T, e engine) {
		// In one batch the son comes before his father; in the second
		// batch a grandson names the father, an older record.
		first := h + "S1,042095000001,Lê Văn Nam,1995-01-02,M,18073,H1,con,Lê Văn Bình,042065000001\n" +
			"S2,042065000001,Lê Văn Bình,1965-03-04,M,18073,H1,head,,\n" +
			"S3,042096000001,Lê Văn Tú,1996-01-02,M,18073,H1,con,Lê Văn Cường,042066000001\n"
		second := h + "T1,042066000001,Lê Văn Cường,1966-03-04,M,18073,H2,head,,\n" +
			"T2,042220000001,Lê Văn Khoa,2020-05-06,M,18073,H2,con,Lê Văn Bình,042065000001\n"
		for i, batch := range []string{first, second} {
			if _, issues, err := importCSV(t, e, batch, false); err != nil || len(issues) > 0 {
				t.Fatalf("batch %d: %v %v", i+1, err, issues)
			}
		}
		byNumber := func(n string) registry.Citizen {
			c, err := e.db.Citizens().CitizenByIDNumber(ctx, n)
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			return c
		}
		binh, cuong := byNumber("042065000001"), byNumber("042066000001")
		for _, tc := range []struct{ who, want string }{
			{"042095000001", binh.ID},  // father later in the same batch
			{"042096000001", cuong.ID}, // father in a later batch
			{"042220000001", binh.ID},  // father in an earlier batch
			{"042065000001", ""},       // no father named
		} {
			if got := fatherLink(t, e, byNumber(tc.who)); got != tc.want {
				t.Errorf("%s: father linked to %q, want %q", tc.who, got, tc.want)
			}
		}
	})
}
