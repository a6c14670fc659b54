package sqlstore_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/blobstore"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/wire"
)

// phoneForm is the form of the engine's test kind: a phone number set on
// one record, so approval has a visible effect on the register.
type phoneForm struct {
	CitizenID string `json:"citizen_id"`
	Phone     string `json:"phone"`
}

var testPhoneKind = procedure.Typed[phoneForm]{
	Meta: procedure.Info{Code: "test.phone", NameVI: "Thử", NameEN: "Test", LegalBasis: "test", WorkingDays: 3,
		MakerChecker: true, Fees: procedure.Fees{Direct: 20000, Online: 10000}},
	Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *phoneForm) error {
		c, err := env.Citizens.Citizen(ctx, f.CitizenID)
		if err != nil {
			return err
		}
		d.Subjects = []procedure.Subject{{CitizenID: c.ID, Role: "self"}}
		d.Unit, d.Province = c.Permanent.Commune, c.Permanent.Province
		return nil
	},
	Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f phoneForm) error {
		_, err := env.Register.Update(ctx, f.CitizenID, 0, func(c *registry.Citizen) error {
			c.Phone = f.Phone
			return nil
		}, env.Meta)
		return err
	},
}

func procedureService(t *testing.T, e engine) *procedure.Service {
	t.Helper()
	blobs, err := blobstore.New(t.TempDir(), make([]byte, blobstore.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := procedure.NewService(procedure.Config{Store: e.db.Procedures(), Tx: e.db, Register: wire.Register(e.db),
		Audit: e.db.AuditLog(), Units: e.db.Units(), Blobs: blobs, Kinds: []procedure.Kind{testPhoneKind}, Now: e.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func TestProcedureEngineLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		svc := procedureService(t, e)
		c, err := wire.Register(e.db).Create(ctx, sampleCitizen(), officer) // permanent in 18073
		if err != nil {
			t.Fatal(err)
		}
		form, _ := json.Marshal(phoneForm{CitizenID: c.ID, Phone: "0912345678"})
		in := procedure.NewDossier{Kind: "test.phone", Channel: procedure.Online, Form: form,
			Applicant: procedure.Applicant{FullName: c.FullName, Relation: "self", CitizenID: c.ID}}
		if _, err := svc.Receive(ctx, xaTranPhu, in, audit.Entry{}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("another commune received the dossier: %v", err)
		}
		d, err := svc.Receive(ctx, xaThanhSen, in, audit.Entry{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Fee.Amount != 10000 || d.Deadline.Due.String() != "2026-01-08" || d.Unit != "18073" {
			t.Fatalf("received dossier: fee %d due %s unit %s", d.Fee.Amount, d.Deadline.Due, d.Unit)
		}
		step := func(u auth.User, a procedure.Action, reason string) (procedure.Dossier, error) {
			return svc.Take(ctx, u, procedure.Step{DossierID: d.ID, Action: a, Reason: reason}, audit.Entry{})
		}
		if _, err := step(xaThanhSen, procedure.ActRequestSupplement, ""); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("supplement without reason: %v", err)
		}
		if _, err := step(xaThanhSen, procedure.ActRequestSupplement, "thiếu giấy tờ"); err != nil {
			t.Fatal(err)
		}
		e.clock.advance(24 * 3600e9) // a working day waiting: the deadline moves by one
		if d, err = step(xaThanhSen, procedure.ActSupplementIn, ""); err != nil || d.Deadline.Due.String() != "2026-01-09" {
			t.Fatalf("after the supplement: due %s, %v", d.Deadline.Due, err)
		}
		if _, err := svc.AddDocument(ctx, xaThanhSen, procedure.Upload{DossierID: d.ID, Kind: "other", Name: "giấy.pdf",
			Data: []byte("%PDF-1.4 test")}, audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddDocument(ctx, xaThanhSen, procedure.Upload{DossierID: d.ID, Kind: "other", Name: "x.exe",
			Data: []byte("MZ...")}, audit.Entry{}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("an executable was attached: %v", err)
		}
		if _, err := step(xaThanhSen, procedure.ActApprove, ""); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("the maker approved: %v", err)
		}
		if _, err := step(tinhHaTinh, procedure.ActApprove, ""); err != nil {
			t.Fatalf("the checker could not approve: %v", err)
		}
		if _, err := step(tinhHaTinh, procedure.ActApprove, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("approved twice: %v", err)
		}
		if _, err := step(xaThanhSen, procedure.ActComplete, ""); err != nil {
			t.Fatal(err)
		}
		v, err := svc.Dossier(ctx, xaThanhSen, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var path []string
		for _, tr := range v.Transitions {
			path = append(path, string(tr.To)+"/"+tr.Username)
		}
		want := "received/xa.thanhsen supplement_requested/xa.thanhsen received/xa.thanhsen approved/tinh.hatinh done/xa.thanhsen"
		if got := strings.Join(path, " "); got != want || v.State != procedure.Done || v.Outcome != procedure.Approved || len(v.Documents) != 1 {
			t.Fatalf("history %q state %s outcome %s docs %d", got, v.State, v.Outcome, len(v.Documents))
		}
		if _, data, err := svc.Document(ctx, xaThanhSen, d.ID, v.Documents[0].ID); err != nil || string(data) != "%PDF-1.4 test" {
			t.Fatalf("document read back: %q, %v", data, err)
		}
		hist, err := e.db.Citizens().History(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := hist[len(hist)-1]
		if last.Data.Phone != "0912345678" || !strings.Contains(last.Reason, "dossier "+d.ID) || last.Actor != "user:tinh.hatinh" {
			t.Fatalf("register version: phone %q reason %q actor %q", last.Data.Phone, last.Reason, last.Actor)
		}
	})
}

func TestProcedureRefusalChangesNothingAndCounts(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		svc := procedureService(t, e)
		c, err := wire.Register(e.db).Create(ctx, sampleCitizen(), officer)
		if err != nil {
			t.Fatal(err)
		}
		form, _ := json.Marshal(phoneForm{CitizenID: c.ID, Phone: "0912345678"})
		in := procedure.NewDossier{Kind: "test.phone", Form: form, Applicant: procedure.Applicant{FullName: "A", Relation: "self"}}
		refused, err := svc.Receive(ctx, xaThanhSen, in, audit.Entry{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Take(ctx, tinhHaTinh, procedure.Step{DossierID: refused.ID, Action: procedure.ActRefuse, Reason: "không đủ điều kiện"}, audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		late, err := svc.Receive(ctx, xaThanhSen, in, audit.Entry{})
		if err != nil {
			t.Fatal(err)
		}
		withdrawn, err := svc.Receive(ctx, xaThanhSen, in, audit.Entry{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Take(ctx, xaThanhSen, procedure.Step{DossierID: withdrawn.ID, Action: procedure.ActWithdraw, Reason: "rút hồ sơ"}, audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		if h, _ := e.db.Citizens().History(ctx, c.ID); len(h) != 1 {
			t.Fatalf("a refused or withdrawn dossier changed the record: %d versions", len(h))
		}
		e.clock.advance(10 * 24 * 3600e9) // past the 3 working days
		inbox, err := svc.Inbox(ctx, xaThanhSen, procedure.Query{States: []procedure.State{procedure.Received}})
		if err != nil || len(inbox) != 1 || inbox[0].ID != late.ID || !inbox[0].Overdue || inbox[0].RemainingWorkingDays >= 0 {
			t.Fatalf("inbox %+v, %v", inbox, err)
		}
		if other, err := svc.Inbox(ctx, xaTranPhu, procedure.Query{}); err != nil || len(other) != 0 {
			t.Fatalf("another commune's inbox shows %d dossiers, %v", len(other), err)
		}
		counts, err := svc.Counts(ctx, tinhHaTinh, "", procedure.CountQuery{})
		if err != nil || len(counts) != 1 {
			t.Fatalf("counts %+v, %v", counts, err)
		}
		got := counts[0]
		if got.Received != 3 || got.Refused != 1 || got.InTime != 1 || got.Overdue != 1 || got.Open != 1 || got.Withdrawn != 1 {
			t.Fatalf("counts %+v", got)
		}
	})
}
