package residence_test

import (
	"strings"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/audit"
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
