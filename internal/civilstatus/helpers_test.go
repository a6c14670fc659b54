package civilstatus_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/pgtest"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var (
	ctx         = context.Background()
	xaThanhSen  = auth.User{ID: "u-xa", Username: "xa.thanhsen", Role: auth.RoleCommune, Unit: "18073"}
	xaThanhSen2 = auth.User{ID: "u-xa2", Username: "xa.thanhsen.2", Role: auth.RoleCommune, Unit: "18073"}
	xaTranPhu   = auth.User{ID: "u-tp", Username: "xa.tranphu", Role: auth.RoleCommune, Unit: "18100"}
)

// env is one register with the procedures wired as the program wires them.
type env struct {
	t   *testing.T
	db  *sqlstore.DB
	s   *wire.Services
	now time.Time
}

func eachEngine(t *testing.T, body func(t *testing.T, e *env)) {
	t.Helper()
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			dsn := pgtest.DSN(t, name, filepath.Join(t.TempDir(), "test.db"))
			e := &env{t: t, now: time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)} // Monday 10:00 in Vietnam
			db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Now: func() time.Time { return e.now }})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			e.db = db
			a := auth.NewService(auth.Config{Store: db.Users(), Units: db.Units(), Now: func() time.Time { return e.now }})
			e.s = wire.New(db, wire.Config{Auth: a})
			body(t, e)
		})
	}
}

// person stores a record as an import would.
func (e *env) person(name, number string, sex registry.Sex, born pdate.Date, household, relation string) registry.Citizen {
	e.t.Helper()
	ht := registry.Place{Code: "42", List: "2025-07-01", Text: "Tỉnh Hà Tĩnh"}
	c := registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: number, FullName: name, BirthDate: born, Sex: sex,
		BirthRegistration: ht, Hometown: ht, Ethnicity: "01", Religion: "00", Nationality: "VN", Status: registry.Alive,
		Permanent: registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}, HouseholdRef: household, RelationToHead: relation,
		MaritalStatus: "single"}
	out, err := e.s.Register.Create(ctx, c, registry.ChangeMeta{Actor: "test", Reason: "seed"})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) current(id string) registry.Citizen {
	e.t.Helper()
	c, err := e.db.Citizens().Citizen(ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// receive files a dossier of kind with form at the desk.
func (e *env) receive(u auth.User, kind string, form any) (procedure.Dossier, error) {
	e.t.Helper()
	raw, err := json.Marshal(form)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.s.Procedures.Receive(ctx, u, procedure.NewDossier{Kind: kind, Form: raw,
		Applicant: procedure.Applicant{FullName: "Người nộp", Relation: "agency"}}, audit.Entry{})
}

func (e *env) mustReceive(u auth.User, kind string, form any) procedure.Dossier {
	e.t.Helper()
	d, err := e.receive(u, kind, form)
	if err != nil {
		e.t.Fatalf("%s: %v", kind, err)
	}
	return d
}

func (e *env) approve(u auth.User, id string) (procedure.Dossier, error) {
	return e.s.Procedures.Take(ctx, u, procedure.Step{DossierID: id, Action: procedure.ActApprove}, audit.Entry{})
}
