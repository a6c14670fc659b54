package residence_test

import (
	"encoding/json"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/residence"
)

// A citizen files tạm trú online for themselves (online fee, officers'
// inbox, their own list), but not about someone else nor a deletion.
func TestCitizenSubmitsOnline(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		me := f.person("Lương Văn Mạng", "18073", "42", "HO-1", "head")
		other := f.person("Lương Văn Khác", "18073", "42", "HO-1", "child")
		who := auth.Citizen{CitizenID: me.ID, AccountID: "vneid-1", Level: auth.Level2}
		form := func(id string) json.RawMessage {
			b, _ := json.Marshal(residence.TemporaryForm{Members: []residence.Member{{CitizenID: id}}, Commune: "00004", Address: "Ngõ 2",
				Until: pdate.Full(2026, 12, 31), Accommodation: residence.Accommodation{Basis: "rented", LookupRef: "HĐ"}, Consent: residence.Consent{OnForm: true}})
			return b
		}
		d, err := f.svc.Procedures.SubmitOnline(ctx, who, procedure.NewDossier{Kind: "residence.temporary", Form: form(me.ID)}, nil, audit.Entry{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Channel != procedure.Online || d.Fee.Amount != 7000 || d.Applicant.CitizenID != me.ID || d.ReceivedBy != "citizen:vneid-1" {
			t.Errorf("submitted %+v", d)
		}
		_, err = f.svc.Procedures.SubmitOnline(ctx, who, procedure.NewDossier{Kind: "residence.temporary", Form: form(other.ID)}, nil, audit.Entry{})
		wantCode(t, err, apperr.Forbidden, "a tạm trú for someone else online")
		del, _ := json.Marshal(residence.DeletionForm{CitizenID: me.ID, Ground: "emigrated"})
		_, err = f.svc.Procedures.SubmitOnline(ctx, who, procedure.NewDossier{Kind: "residence.permanent_deletion", Form: del}, nil, audit.Entry{})
		wantCode(t, err, apperr.Forbidden, "a deletion online")
		items, err := f.svc.Procedures.Inbox(ctx, hanoi, procedure.Query{})
		if err != nil || len(items) != 1 || items[0].ID != d.ID {
			t.Fatalf("officers' inbox: %v %d", err, len(items))
		}
		mine, err := f.svc.Procedures.CitizenDossiers(ctx, who)
		if err != nil || len(mine) != 1 || mine[0].ID != d.ID {
			t.Fatalf("the citizen's dossiers: %v %d", err, len(mine))
		}
		if _, err := f.step(hanoi, d.ID, procedure.ActApprove, ""); err != nil {
			t.Fatal(err)
		}
		if c := f.citizen(me.ID); c.Temporary.Commune != "00004" {
			t.Errorf("approved online dossier: %+v", c.Temporary)
		}
	})
}
