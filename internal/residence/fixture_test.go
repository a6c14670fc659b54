package residence_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/blobstore"
	"dancu/internal/pdate"
	"dancu/internal/pgtest"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

var ctx = context.Background()

// Officers: two of Thành Sen (18073, Hà Tĩnh 42) for maker-checker, one of
// Trần Phú (18100, the same province) and one of Hà Nội's 00004.
var (
	thanhSen  = auth.User{ID: "u1", Username: "xa.thanhsen", Role: auth.RoleCommune, Unit: "18073"}
	thanhSen2 = auth.User{ID: "u2", Username: "xa.thanhsen2", Role: auth.RoleCommune, Unit: "18073"}
	tranPhu   = auth.User{ID: "u3", Username: "xa.tranphu", Role: auth.RoleCommune, Unit: "18100"}
	hanoi     = auth.User{ID: "u4", Username: "xa.hanoi", Role: auth.RoleCommune, Unit: "00004"}
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// fix is one engine's register with the procedures wired as the program
// wires them.
type fix struct {
	t     *testing.T
	db    *sqlstore.DB
	clock *clock
	svc   *wire.Services
}

func eachEngine(t *testing.T, body func(t *testing.T, f *fix)) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			dsn := pgtest.DSN(t, name, filepath.Join(t.TempDir(), "r.db"))
			// Monday 5 January 2026, 09:00 in Vietnam.
			c := &clock{t: time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC)}
			db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Now: c.now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			blobs, err := blobstore.New(t.TempDir(), make([]byte, blobstore.KeySize))
			if err != nil {
				t.Fatal(err)
			}
			body(t, &fix{t: t, db: db, clock: c, svc: wire.New(db, wire.Config{Blobs: blobs})})
		})
	}
}

// person creates a living adult registered in commune (of province) in
// household ref with the given relation to its head.
func (f *fix) person(name, commune, province, ref, relation string) registry.Citizen {
	f.t.Helper()
	c := registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), FullName: name, BirthDate: pdate.Full(1980, 3, 1),
		Sex: registry.Male, Status: registry.Alive, Nationality: "VN", Ethnicity: "01",
		Permanent:    registry.Residence{Commune: commune, Province: province, Address: "Thôn 1", Since: pdate.Full(2000, 1, 1)},
		HouseholdRef: ref, RelationToHead: relation}
	out, err := f.svc.Register.Create(ctx, c, registry.ChangeMeta{Actor: "test", Reason: "seed"})
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

func (f *fix) citizen(id string) registry.Citizen {
	f.t.Helper()
	c, err := f.svc.Register.Store().Citizen(ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// receive files a dossier at the desk of u.
func (f *fix) receive(u auth.User, kind string, form any) (procedure.Dossier, error) {
	b, err := json.Marshal(form)
	if err != nil {
		f.t.Fatal(err)
	}
	return f.svc.Procedures.Receive(ctx, u, procedure.NewDossier{Kind: kind, Form: b,
		Applicant: procedure.Applicant{FullName: "Người nộp", Relation: "self"}}, audit.Entry{})
}

func (f *fix) mustReceive(u auth.User, kind string, form any) procedure.Dossier {
	f.t.Helper()
	d, err := f.receive(u, kind, form)
	if err != nil {
		f.t.Fatalf("receive %s: %v", kind, err)
	}
	return d
}

func (f *fix) step(u auth.User, id string, a procedure.Action, reason string) (procedure.Dossier, error) {
	return f.svc.Procedures.Take(ctx, u, procedure.Step{DossierID: id, Action: a, Reason: reason}, audit.Entry{})
}

func (f *fix) attach(u auth.User, id, kind string) {
	f.t.Helper()
	_, err := f.svc.Procedures.AddDocument(ctx, u, procedure.Upload{DossierID: id, Kind: kind, Name: kind + ".pdf",
		Data: []byte("%PDF-1.4 test")}, audit.Entry{})
	if err != nil {
		f.t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code apperr.Code, what string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("%s: err %v, want %s", what, err, code)
	}
}
