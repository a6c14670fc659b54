package sqlstore_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/blobstore"
	"dancu/internal/procedure"
	"dancu/internal/procedure/correction"
	"dancu/internal/selfservice"
	"dancu/internal/wire"
)

// logRecorder records disclosures straight into the audit log, so the
// tracker reads them back.
type logRecorder struct{ st audit.Store }

func (r logRecorder) Record(ctx context.Context, e audit.Entry) error {
	return audit.AppendWithin(ctx, r.st, e)
}

func selfService(e engine) *selfservice.Service {
	return selfservice.New(selfservice.Config{Citizens: e.db.Citizens(), Cards: e.db.Issuance(), Log: e.db.AuditLog(),
		Audit: logRecorder{e.db.AuditLog()}, Units: e.db.Units(), Now: e.clock.now})
}

// TestSelfServiceReadsOwnDataOnly: a citizen reads their record, cards and
// data tracker, each read audited with the citizen as actor; the tracker
// leaves out confidential accesses.
func TestSelfServiceReadsOwnDataOnly(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		c, err := wire.Register(e.db).Create(ctx, sampleCitizen(), officer)
		if err != nil {
			t.Fatal(err)
		}
		log := logRecorder{e.db.AuditLog()}
		for _, entry := range []audit.Entry{
			{Time: e.clock.now(), Role: "commune", Unit: "18073", Username: "xa.thanhsen", Action: "citizen.read", CitizenIDs: []string{c.ID}, Result: "ok"},
			{Time: e.clock.now(), Role: "investigator", Username: "dieu.tra", Action: "citizen.read", CitizenIDs: []string{c.ID}, Result: "ok", Confidential: true},
		} {
			if err := log.Record(ctx, entry); err != nil {
				t.Fatal(err)
			}
		}
		ss := selfService(e)
		me := auth.Citizen{CitizenID: c.ID, AccountID: "acct-1", Level: 1}
		rec, err := ss.OwnRecord(ctx, me, audit.Entry{RequestID: "r1"})
		if err != nil || rec.Citizen.FullName != "Nguyễn Văn Hùng" || len(rec.Residence) != 1 || !rec.Residence[0].Current {
			t.Fatalf("own record: %+v, %v", rec, err)
		}
		if _, err := ss.OwnRecord(ctx, auth.Citizen{CitizenID: c.ID}, audit.Entry{}); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("a principal without account read the record: %v", err)
		}
		cards, err := ss.OwnCards(ctx, me, audit.Entry{})
		if err != nil || len(cards.Cards)+len(cards.Applications) != 0 {
			t.Fatalf("cards: %+v, %v", cards, err)
		}
		page, err := ss.Accesses(ctx, me, 0, 10, audit.Entry{})
		if err != nil {
			t.Fatal(err)
		}
		var who []string
		for _, a := range page.Items {
			who = append(who, a.Who+"/"+a.Action)
		}
		all := strings.Join(who, "\n")
		if strings.Contains(all, "điều tra") || !strings.Contains(all, "Cán bộ Công an") || !strings.Contains(all, "Bạn (qua cổng dịch vụ công dân)/"+selfservice.ActionRecord) {
			t.Fatalf("tracker lines:\n%s", all)
		}
	})
}

// TestCorrectionFiledOnline: a level-2 citizen files a correction with
// evidence; it lands in the commune's inbox, another citizen cannot see
// it, and approval writes the value with the dossier named in the history.
func TestCorrectionFiledOnline(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		reg := wire.Register(e.db)
		c, err := reg.Create(ctx, sampleCitizen(), officer)
		if err != nil {
			t.Fatal(err)
		}
		other := sampleCitizen()
		other.IDNumber, other.FullName = "042090000456", "Trần Thị Lan"
		o, err := reg.Create(ctx, other, officer)
		if err != nil {
			t.Fatal(err)
		}
		blobs, err := blobstore.New(t.TempDir(), make([]byte, blobstore.KeySize))
		if err != nil {
			t.Fatal(err)
		}
		svc, err := procedure.NewService(procedure.Config{Store: e.db.Procedures(), Tx: e.db, Register: reg, Audit: e.db.AuditLog(),
			Units: e.db.Units(), Blobs: blobs, Kinds: []procedure.Kind{correction.Kind}, Now: e.clock.now})
		if err != nil {
			t.Fatal(err)
		}
		form, _ := json.Marshal(correction.Form{Reason: "Số điện thoại cũ không còn dùng",
			Changes: []correction.Change{{Field: "phone", Requested: "0912 345 678"}}})
		in := procedure.NewDossier{Kind: correction.Code, Form: form}
		evidence := []procedure.Upload{{Kind: "other", Name: "hợp đồng thuê bao.pdf", Data: []byte("%PDF-1.4 evidence")}}
		me := auth.Citizen{CitizenID: c.ID, AccountID: "acct-1", Level: 1}
		if _, err := svc.SubmitOnline(ctx, me, in, evidence, audit.Entry{}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a level-1 account filed online: %v", err)
		}
		me.Level = 2
		bad, _ := json.Marshal(correction.Form{Reason: "sai tên", Changes: []correction.Change{{Field: "full_name", Requested: "X"}}})
		if _, err := svc.SubmitOnline(ctx, me, procedure.NewDossier{Kind: correction.Code, Form: bad}, nil, audit.Entry{}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("a civil-status field was requested: %v", err)
		}
		d, err := svc.SubmitOnline(ctx, me, in, evidence, audit.Entry{RequestID: "r1"})
		if err != nil {
			t.Fatal(err)
		}
		if d.Unit != "18073" || d.Channel != procedure.Online || d.Applicant.FullName != c.FullName || len(d.Documents) != 1 {
			t.Fatalf("filed dossier: %+v", d)
		}
		inbox, err := svc.Inbox(ctx, xaThanhSen, procedure.Query{})
		if err != nil || len(inbox) != 1 || inbox[0].ID != d.ID {
			t.Fatalf("the commune's inbox: %v, %v", inbox, err)
		}
		if _, err := svc.CitizenDossier(ctx, auth.Citizen{CitizenID: o.ID, AccountID: "acct-2", Level: 2}, d.ID, audit.Entry{}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another citizen read the dossier: %v", err)
		}
		e.clock.advance(time.Hour)
		if _, err := svc.Take(ctx, xaThanhSen, procedure.Step{DossierID: d.ID, Action: procedure.ActApprove}, audit.Entry{}); err != nil {
			t.Fatal(err)
		}
		v, err := svc.CitizenDossier(ctx, me, d.ID, audit.Entry{})
		if err != nil || v.State != procedure.Approved || len(v.Transitions) != 2 || v.Transitions[1].Username != "" || v.Transitions[0].Username != "citizen:acct-1" {
			t.Fatalf("the citizen's view: %+v, %v", v, err)
		}
		mine, err := svc.CitizenDossiers(ctx, me)
		if err != nil || len(mine) != 1 {
			t.Fatalf("my dossiers: %v, %v", mine, err)
		}
		after, err := e.db.Citizens().Citizen(ctx, c.ID)
		if err != nil || after.Phone != "0912345678" {
			t.Fatalf("after approval: phone %q, %v", after.Phone, err)
		}
		vs, _ := e.db.Citizens().History(ctx, c.ID)
		if last := vs[len(vs)-1]; !strings.Contains(last.Reason, d.ID) || !slices.Contains([]string{"user:xa.thanhsen"}, last.Actor) {
			t.Fatalf("the version: %s by %s", last.Reason, last.Actor)
		}
	})
}
