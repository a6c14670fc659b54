package residence_test

import (
	"strings"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/residence"
)

// A batch approval is all or nothing: one dossier that cannot be approved
// refuses the batch, naming it, and no record changes; without it the
// batch commits every dossier's change.
func TestBatchApprovalAllOrNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		var steps []procedure.Step
		var ids []string
		for i, name := range []string{"Tạ Văn Một", "Tạ Văn Hai", "Tạ Văn Ba"} {
			p := f.person(name, "18073", "42", "HB-1", "child")
			ids = append(ids, p.ID)
			acc := residence.Accommodation{Basis: "rented", LookupRef: "HĐ"}
			if i == 2 {
				acc.LookupRef = "" // no proof: its approval is refused
			}
			d := f.mustReceive(tranPhu, "residence.temporary", residence.TemporaryForm{Members: []residence.Member{{CitizenID: p.ID}},
				Commune: "18100", Address: "Tổ 2", Until: pdate.Full(2026, 6, 1), Accommodation: acc, Consent: residence.Consent{OnForm: true}})
			steps = append(steps, procedure.Step{DossierID: d.ID, Action: procedure.ActApprove})
		}
		_, err := f.svc.Procedures.TakeAll(ctx, tranPhu, steps, audit.Entry{})
		if !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), steps[2].DossierID) {
			t.Fatalf("batch with a dossier lacking its proof: %v", err)
		}
		for _, id := range ids {
			if c := f.citizen(id); c.Version != 1 {
				t.Fatalf("a refused batch changed %s", id)
			}
		}
		out, err := f.svc.Procedures.TakeAll(ctx, tranPhu, steps[:2], audit.Entry{})
		if err != nil || len(out) != 2 || out[1].State != procedure.Approved {
			t.Fatalf("batch: %v %+v", err, out)
		}
		if c := f.citizen(ids[1]); c.Temporary.Commune != "18100" {
			t.Errorf("batch did not apply: %+v", c.Temporary)
		}
	})
}

// An officer's batch approval (ApproveEach) decides each dossier on its
// own: approvals that pass are kept, and each refusal comes back with its
// code and reason — maker-checker for the officer who prepared a
// deletion, a missing proof, an unknown dossier, one outside the
// officer's jurisdiction (audited as a denial).
func TestApproveEachReportsEveryDossier(t *testing.T) {
	eachEngine(t, func(t *testing.T, f *fix) {
		stay := func(name string, proof bool) (procedure.Dossier, string) {
			p := f.person(name, "18073", "42", "HB-"+name, "head")
			acc := residence.Accommodation{Basis: "rented"}
			if proof {
				acc.LookupRef = "HĐ-1"
			}
			return f.mustReceive(tranPhu, "residence.temporary", residence.TemporaryForm{Members: []residence.Member{{CitizenID: p.ID}},
				Commune: "18100", Address: "Tổ 2", Until: pdate.Full(2026, 6, 1), Accommodation: acc, Consent: residence.Consent{OnForm: true}}), p.ID
		}
		ok1, okID := stay("Lê Văn Một", true)
		noProof, _ := stay("Lê Văn Hai", false)
		gone := f.person("Lê Văn Ba", "18100", "42", "HB-3", "head")
		deletion := f.mustReceive(tranPhu, "residence.permanent_deletion", residence.DeletionForm{CitizenID: gone.ID, Ground: "emigrated", Decision: "XNC 1/2026"})
		ok2, _ := stay("Lê Văn Bốn", true)
		abroad := f.person("Lê Thị Năm", "18073", "42", "HB-5", "head")
		far := f.mustReceive(hanoi, "residence.temporary", residence.TemporaryForm{Members: []residence.Member{{CitizenID: abroad.ID}},
			Commune: "00004", Address: "Phố Huế", Until: pdate.Full(2026, 6, 1), Accommodation: residence.Accommodation{Basis: "rented", LookupRef: "HĐ"}, Consent: residence.Consent{OnForm: true}})

		ids := []string{ok1.ID, noProof.ID, deletion.ID, "no-such-dossier", far.ID, ok2.ID}
		out, err := f.svc.Procedures.ApproveEach(ctx, tranPhu, ids, audit.Entry{UserID: tranPhu.ID, Username: tranPhu.Username, Role: string(tranPhu.Role), Unit: tranPhu.Unit})
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			approved bool
			code     apperr.Code
			reason   string
		}{
			{true, "", ""},
			{false, apperr.Conflict, "proof of lawful accommodation"},
			{false, apperr.Forbidden, "second officer"},
			{false, apperr.NotFound, ""},
			{false, apperr.Forbidden, "jurisdiction"},
			{true, "", ""},
		}
		if len(out) != len(want) {
			t.Fatalf("%d outcomes for %d dossiers: %+v", len(out), len(want), out)
		}
		for i, w := range want {
			o := out[i]
			if o.DossierID != ids[i] || o.Approved != w.approved || o.Code != w.code || !strings.Contains(o.Reason, w.reason) {
				t.Errorf("dossier %d: %+v, want approved=%v code=%q reason containing %q", i, o, w.approved, w.code, w.reason)
			}
			if o.Approved && (o.State != procedure.Approved || o.Version != 2) {
				t.Errorf("dossier %d approved at %s v%d", i, o.State, o.Version)
			}
		}
		if c := f.citizen(okID); c.Temporary.Commune != "18100" {
			t.Errorf("an approved dossier did not apply: %+v", c.Temporary)
		}
		if c := f.citizen(gone.ID); !c.Permanent.Registered() {
			t.Errorf("a refused deletion applied: %+v", c.Permanent)
		}
		// A second officer approves the deletion.
		out, err = f.svc.Procedures.ApproveEach(ctx, auth.User{ID: "u6", Username: "xa.tranphu2", Role: auth.RoleCommune, Unit: "18100"}, []string{deletion.ID}, audit.Entry{})
		if err != nil || !out[0].Approved {
			t.Fatalf("the second officer's approval: %v %+v", err, out)
		}
		for _, bad := range [][]string{nil, {ok1.ID, ok1.ID}} {
			_, err := f.svc.Procedures.ApproveEach(ctx, tranPhu, bad, audit.Entry{})
			wantCode(t, err, apperr.Invalid, "selection "+strings.Join(bad, ","))
		}
	})
}
