package api

import (
	"dancu/internal/units"
	"testing"
)

// TestSearchByOldCommuneCode protects searches by the commune codes of the
// 2025-03-01 list: they were refused (400) before; now they are mapped to
// the current communes, within the caller's jurisdiction, and the answer
// says what the old code was taken to mean.
func TestSearchByOldCommuneCode(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		// 18077 (Phường Bắc Hà) was merged into 18073 (Phường Thành Sen).
		w := e.do("GET", "/api/v1/citizens?unit=18077", "xa.thanhsen", nil)
		wantStatus(t, w, 200)
		p := decode[searchPage](t, w)
		if got := names(p.Page); len(got) != 2 {
			t.Errorf("old code 18077 found %v, want Thành Sen's two citizens", got)
		}
		if p.UnitFilter == nil || p.UnitFilter.List != "2025-03-01" || len(p.UnitFilter.Units) != 1 || p.UnitFilter.Units[0].Code != "18073" {
			t.Errorf("unit_filter = %+v, want 18077 of 2025-03-01 taken as 18073", p.UnitFilter)
		}
		// 18088 (Thạch Trung) went to 18100 (Trần Phú): outside the commune
		// officer's jurisdiction, inside the province officer's.
		wantStatus(t, e.do("GET", "/api/v1/citizens?unit=18088", "xa.thanhsen", nil), 403)
		w = e.do("GET", "/api/v1/citizens?unit=18088", "tinh.hatinh", nil)
		wantStatus(t, w, 200)
		if got := names(decode[searchPage](t, w).Page); len(got) != 1 || got[0] != "Nguyễn Văn Hưng" {
			t.Errorf("old code 18088 found %v", got)
		}
		// A current code is not reported as mapped.
		w = e.do("GET", "/api/v1/citizens?unit=18073", "tinh.hatinh", nil)
		wantStatus(t, w, 200)
		if p := decode[searchPage](t, w); p.UnitFilter != nil || len(p.Items) != 2 {
			t.Errorf("current code: filter %+v, %d items", p.UnitFilter, len(p.Items))
		}
		// An old district (436, Thành phố Hà Tĩnh) covers both communes.
		w = e.do("GET", "/api/v1/citizens?unit=436", "tinh.hatinh", nil)
		wantStatus(t, w, 200)
		if got := names(decode[searchPage](t, w).Page); len(got) != 3 {
			t.Errorf("old district 436 found %v, want 3", got)
		}
		wantStatus(t, e.do("GET", "/api/v1/citizens?unit=23938", "quan.tri", nil), 400) // no successor
	})
}

// TestUnitsAPIListsByDate protects browsing the unit lists: the 63-province
// list before 2025-07-01, the 34 provinces after, children by parent and the
// old->new commune mapping.
func TestUnitsAPIListsByDate(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	wantStatus(t, e.do("GET", "/api/v1/units", "", nil), 401)
	w := e.do("GET", "/api/v1/units?as_of=2025-05-01", "xa.thanhsen", nil)
	wantStatus(t, w, 200)
	old := decode[units.ListingView](t, w)
	if old.List != "2025-03-01" || old.EffectiveFrom != "2025-03-01" || len(old.Items) != 63 {
		t.Errorf("as_of 2025-05-01: list %s from %s, %d items; want 63 provinces", old.List, old.EffectiveFrom, len(old.Items))
	}
	w = e.do("GET", "/api/v1/units?as_of=2025-07-01", "kiem.toan", nil)
	wantStatus(t, w, 200)
	if cur := decode[units.ListingView](t, w); cur.List != "2025-07-01" || len(cur.Items) != 34 {
		t.Errorf("as_of 2025-07-01: list %s, %d items; want 34 provinces", cur.List, len(cur.Items))
	}
	w = e.do("GET", "/api/v1/units?as_of=2025-05-01&parent=436", "xa.thanhsen", nil)
	wantStatus(t, w, 200)
	dist := decode[units.ListingView](t, w)
	if dist.Parent == nil || dist.Parent.FullName != "Thành phố Hà Tĩnh" {
		t.Fatalf("parent %+v", dist.Parent)
	}
	var seen bool
	for _, u := range dist.Items {
		if u.Code == "18077" {
			seen = true
			if len(u.Successors) != 1 || u.Successors[0].Code != "18073" || u.Successors[0].List != "2025-07-01" {
				t.Errorf("18077 successors %+v, want 18073", u.Successors)
			}
		}
	}
	if !seen {
		t.Error("18077 missing from district 436")
	}
	w = e.do("GET", "/api/v1/units?parent=42&as_of=2026-01-01", "xa.thanhsen", nil)
	wantStatus(t, w, 200)
	for _, u := range decode[units.ListingView](t, w).Items {
		if u.Code == "18073" && len(u.Predecessors) != 9 {
			t.Errorf("18073 has %d predecessors, want 9", len(u.Predecessors))
		}
	}
	for _, bad := range []string{"as_of=2025-13-01", "as_of=2025", "parent=4", "parent=436&as_of=2026-01-01"} {
		wantStatus(t, e.do("GET", "/api/v1/units?"+bad, "xa.thanhsen", nil), 400)
	}
}
