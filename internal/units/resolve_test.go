package units

import (
	"errors"
	"testing"
	"time"
)

// TestResolveCodeMapsOldCodesForward protects searches by the codes printed
// on pre-2025-07 papers: an old commune code must stand for the communes it
// became, never for nothing.
func TestResolveCodeMapsOldCodesForward(t *testing.T) {
	c := Default()
	tests := []struct {
		code     string
		wantList ListID
		want     []string
		mapped   bool
	}{
		{"00004", List2025July, []string{"00004"}, false},          // reused code: the current commune
		{"00001", List2025March, []string{"00097"}, true},          // Phúc Xá -> Phường Hồng Hà
		{"25996", List2025March, []string{"26041", "26188"}, true}, // split commune
		{"15", List2025July, []string{"15"}, false},                // reused province code: Lào Cai
		{"02", List2025March, []string{"08"}, true},                // Hà Giang -> Tuyên Quang
		{"024", List2025March, nil, true},                          // district: its communes' successors (checked below)
	}
	for _, tt := range tests {
		res, err := c.ResolveCode(tt.code, List2025July)
		if err != nil {
			t.Errorf("ResolveCode(%s): %v", tt.code, err)
			continue
		}
		if res.List != tt.wantList || res.Mapped() != tt.mapped {
			t.Errorf("ResolveCode(%s) list %s mapped %v, want %s %v", tt.code, res.List, res.Mapped(), tt.wantList, tt.mapped)
		}
		if tt.want != nil && !equal(res.Codes(), tt.want) {
			t.Errorf("ResolveCode(%s) = %v, want %v", tt.code, res.Codes(), tt.want)
		}
		for _, u := range res.Units {
			if u.List != List2025July {
				t.Errorf("ResolveCode(%s) returned %+v, want a unit of the current list", tt.code, u)
			}
		}
	}
	// An old district becomes the current communes its communes went to.
	res, _ := c.ResolveCode("024", List2025July)
	if len(res.Units) == 0 {
		t.Fatal("district 024 resolved to nothing")
	}
	for _, u := range res.Units {
		if u.Level != Commune || !c.Contains(List2025July, "08", u.Code) {
			t.Errorf("district 024 (Thành phố Hà Giang) resolved to %+v, want communes of province 08", u)
		}
	}
	for _, bad := range []struct {
		code string
		want error
	}{
		{"99999", ErrUnknownUnit},
		{"1234", ErrUnknownUnit},
		{"0000a", ErrUnknownUnit},
		{"", ErrUnknownUnit},
		{"23938", ErrNoSuccessor}, // Xã Ia Mơ: no mapping row
	} {
		if _, err := c.ResolveCode(bad.code, List2025July); !errors.Is(err, bad.want) {
			t.Errorf("ResolveCode(%q) error %v, want %v", bad.code, err, bad.want)
		}
	}
}

// TestBrowseChoosesTheListInForce protects browsing the 63-province list:
// a date before 2025-07-01 lists the old provinces, with the successors of
// each old commune.
func TestBrowseChoosesTheListInForce(t *testing.T) {
	c := Default()
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	old, err := c.Browse(day("2025-05-01"), "")
	if err != nil || old.List != List2025March || len(old.Items) != 63 {
		t.Fatalf("Browse(2025-05-01) = %s, %d items, %v; want 63 provinces of %s", old.List, len(old.Items), err, List2025March)
	}
	cur, err := c.Browse(day("2025-07-01"), "")
	if err != nil || cur.List != List2025July || len(cur.Items) != 34 {
		t.Fatalf("Browse(2025-07-01) = %s, %d items, %v; want 34 provinces", cur.List, len(cur.Items), err)
	}
	dist, err := c.Browse(day("2025-05-01"), "001")
	if err != nil || dist.Parent == nil || dist.Parent.Code != "001" {
		t.Fatalf("Browse(2025-05-01, 001) = %+v, %v", dist.Parent, err)
	}
	var found bool
	for _, e := range dist.Items {
		if e.Code == "00001" {
			found = true
			if !equal(codes(e.Successors), []string{"00097"}) || e.Predecessors != nil {
				t.Errorf("00001 successors %v predecessors %v, want [00097] and none", codes(e.Successors), codes(e.Predecessors))
			}
		}
	}
	if !found {
		t.Error("commune 00001 missing from district 001")
	}
	hn, err := c.Browse(day("2026-01-01"), "01")
	if err != nil || len(hn.Items) != 126 {
		t.Fatalf("Browse(2026, 01) = %d items, %v; want Hà Nội's 126 communes", len(hn.Items), err)
	}
	for _, e := range hn.Items {
		if e.Code == "00004" && !equal(codes(e.Predecessors), []string{"00004", "00013", "00019", "00022"}) {
			t.Errorf("00004 predecessors %v", codes(e.Predecessors))
		}
	}
	// District codes exist only in the old list.
	if _, err := c.Browse(day("2026-01-01"), "001"); !errors.Is(err, ErrUnknownUnit) {
		t.Errorf("Browse(2026, 001) error %v, want ErrUnknownUnit", err)
	}
}
