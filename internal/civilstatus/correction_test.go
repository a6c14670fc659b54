package civilstatus_test

import (
	"testing"

	"dancu/internal/civilstatus"
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// TestNameChangeKeepsTheFormerNameSearchable: a change of name (thay đổi
// họ, tên) is a new version naming the procedure; a search by the former
// name still finds the person, once, and by the new name too.
func TestNameChangeKeepsTheFormerNameSearchable(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.person("Trần Thị Hoa", "042192000456", registry.Female, pdate.Full(1992, 1, 2), "HT-001", "head")
		e.person("Trần Thị Hoà", "042192000457", registry.Female, pdate.Full(1992, 3, 2), "HT-002", "head")
		name := "Trần Ngọc Hân"
		d := e.mustReceive(xaThanhSen, civilstatus.CodeCorrection, civilstatus.CorrectionForm{CertificateRef: "TĐ-2/2026", Ground: "change",
			Person: civilstatus.Ref{CitizenID: c.ID}, FullName: &name})
		cur := e.current(c.ID)
		hist, err := e.db.Citizens().History(ctx, c.ID)
		if err != nil || cur.FullName != name || len(hist) != 2 || hist[1].Previous["full_name"] != "Trần Thị Hoa" {
			t.Fatalf("after the change: %q, history %+v (%v); dossier %s", cur.FullName, hist, err, d.ID)
		}
		search := func(q string) map[string]int {
			page, err := e.db.Citizens().Search(ctx, registry.Query{Name: q, Unit: "18073"})
			if err != nil {
				t.Fatal(err)
			}
			hits := map[string]int{}
			for _, s := range page.Items {
				hits[s.ID]++
			}
			return hits
		}
		if hits := search("tran thi hoa"); hits[c.ID] != 1 || len(hits) != 2 {
			t.Errorf("search by the former name: %v", hits)
		}
		if hits := search("tran ngoc han"); hits[c.ID] != 1 || len(hits) != 1 {
			t.Errorf("search by the new name: %v", hits)
		}
		if hits := search("tran"); hits[c.ID] != 1 || len(hits) != 2 {
			t.Errorf("a prefix matching both names lists the person once: %v", hits)
		}
	})
}
