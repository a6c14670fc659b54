package api

import (
	"testing"

	"dancu/internal/procedure"
	"dancu/internal/residence"
)

// The dossier routes' rules through HTTP: an auditor cannot file, another
// commune cannot read, the inbox's overdue filter, the dashboard counts,
// the grounds, and the absentees' worklist within jurisdiction.
func TestProcedureRoutesRolesAndJurisdiction(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	e.addUser("xa.tranphu", "commune", "18100")
	hung := e.citizens["hung"]
	kinds := decode[kindsResponse](t, e.do("GET", "/api/v1/procedures", "xa.thanhsen", nil))
	if len(kinds.Kinds) < 7 {
		t.Fatalf("kinds %d", len(kinds.Kinds))
	}
	in := map[string]any{"kind": "residence.absence", "applicant": map[string]any{"full_name": hung.FullName, "relation": "self"},
		"form": map[string]any{"citizen_id": hung.ID, "case": "d", "from": "2026-01-10", "until": "2027-02-01", "destination": "Đài Loan", "reason": "lao động"}}
	wantStatus(t, e.do("POST", "/api/v1/dossiers", "kiem.toan", in), 403)
	wantStatus(t, e.do("POST", "/api/v1/dossiers", "xa.tranphu", in), 403)
	w := e.do("POST", "/api/v1/dossiers", "xa.thanhsen", in)
	wantStatus(t, w, 201)
	d := decode[procedure.Dossier](t, w)
	wantStatus(t, e.do("GET", "/api/v1/dossiers/"+d.ID, "xa.tranphu", nil), 403)
	wantStatus(t, e.do("POST", "/api/v1/dossiers/"+d.ID+"/steps", "xa.thanhsen", map[string]any{"action": "refuse"}), 400) // a reason is required
	if p := decode[dossierPage](t, e.do("GET", "/api/v1/dossiers?overdue=true", "xa.thanhsen", nil)); len(p.Items) != 0 {
		t.Errorf("overdue on the day received: %+v", p.Items)
	}
	counts := decode[countsResponse](t, e.do("GET", "/api/v1/procedures/counts", "tinh.hatinh", nil))
	if len(counts.Counts) != 1 || counts.Counts[0].Received != 1 || counts.Counts[0].Open != 1 {
		t.Errorf("counts %+v", counts)
	}
	g := decode[groundsResponse](t, e.do("GET", "/api/v1/residence/grounds", "xa.thanhsen", nil))
	if len(g.Permanent) != len(residence.PermanentGrounds) || len(g.AbsenceCases) != 4 {
		t.Errorf("grounds %+v", g)
	}
	wantStatus(t, e.do("GET", "/api/v1/residence/absentees?commune=18073", "xa.tranphu", nil), 403)
	wantStatus(t, e.do("GET", "/api/v1/residence/absentees?commune=99999", "xa.thanhsen", nil), 400)
	page := decode[residence.AbsenteePage](t, e.do("GET", "/api/v1/residence/absentees?commune=18073", "xa.thanhsen", nil))
	if len(page.Items) != 0 || page.Next != 2 {
		t.Errorf("worklist %+v", page)
	}
	h := decode[residence.History](t, e.do("GET", "/api/v1/citizens/"+hung.ID+"/residence", "xa.thanhsen", nil))
	if h.Permanent.Commune != "18073" || len(h.Changes) != 1 || h.Changes[0].Action != residence.Registered {
		t.Errorf("history %+v", h)
	}
	if e.audit.count(func(a AuditEntry) bool { return a.Action == actResidence && a.CitizenIDs[0] == hung.ID }) != 1 {
		t.Error("the residence history read is not audited")
	}
}
