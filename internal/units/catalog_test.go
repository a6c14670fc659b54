package units

import (
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestCounts(t *testing.T) {
	c := Default()
	tests := []struct {
		list  ListID
		level Level
		want  int
	}{
		{List2025March, Province, 63},
		{List2025March, District, 696},
		{List2025March, Commune, 10035},
		{List2025July, Province, 34},
		{List2025July, District, 0},
		{List2025July, Commune, 3321},
	}
	for _, tt := range tests {
		if got := c.Count(tt.list, tt.level); got != tt.want {
			t.Errorf("Count(%s, %s) = %d, want %d", tt.list, tt.level, got, tt.want)
		}
	}
	for _, l := range c.Lists() {
		if got, want := len(c.Provinces(l)), c.Count(l, Province); got != want {
			t.Errorf("len(Provinces(%s)) = %d, want %d", l, got, want)
		}
		communes := 0
		for _, p := range c.Provinces(l) {
			communes += len(c.Communes(l, p.Code))
		}
		if want := c.Count(l, Commune); communes != want {
			t.Errorf("communes summed over provinces of %s = %d, want %d", l, communes, want)
		}
	}
}

func TestListsAndDates(t *testing.T) {
	c := Default()
	if got := c.Lists(); len(got) != 2 || got[0] != List2025March || got[1] != List2025July {
		t.Fatalf("Lists() = %v, want [%s %s]", got, List2025March, List2025July)
	}
	if got := c.EffectiveFrom(List2025July); !got.Equal(day(2025, 7, 1)) {
		t.Errorf("EffectiveFrom(July) = %v", got)
	}
	if got := c.EffectiveFrom(List2025March); !got.Equal(day(2025, 3, 1)) {
		t.Errorf("EffectiveFrom(March) = %v", got)
	}
	if got := c.EffectiveFrom("1999-01-01"); !got.IsZero() {
		t.Errorf("EffectiveFrom(unknown) = %v, want zero", got)
	}
	ict := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		at   time.Time
		want ListID
	}{
		{day(1990, 1, 1), List2025March}, // before our oldest list
		{day(2025, 2, 28), List2025March},
		{day(2025, 3, 1), List2025March},
		{day(2025, 6, 30), List2025March},
		{time.Date(2025, 6, 30, 23, 59, 59, 0, time.UTC), List2025March},
		{day(2025, 7, 1), List2025July},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, ict), List2025July}, // 2025-06-30 17:00 UTC, but 1 July locally
		{time.Date(2025, 6, 30, 23, 0, 0, 0, ict), List2025March},
		{day(2030, 1, 1), List2025July},
	}
	for _, tt := range tests {
		if got := c.ListAt(tt.at); got != tt.want {
			t.Errorf("ListAt(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
}

// Province codes were reused with a new meaning on 2025-07-01.
func TestCodeReuse(t *testing.T) {
	c := Default()
	tests := []struct {
		list ListID
		code string
		want string
	}{
		{List2025March, "15", "Yên Bái"},
		{List2025July, "15", "Lào Cai"},
		{List2025March, "10", "Lào Cai"},
		{List2025July, "10", ""}, // Lào Cai's old code is gone
		{List2025March, "44", "Quảng Bình"},
		{List2025July, "44", "Quảng Trị"},
		{List2025July, "80", "Tây Ninh"},
		{List2025March, "80", "Long An"},
	}
	for _, tt := range tests {
		u, ok := c.Lookup(tt.list, tt.code)
		if tt.want == "" {
			if ok {
				t.Errorf("Lookup(%s, %s) = %+v, want none", tt.list, tt.code, u)
			}
			continue
		}
		if !ok || u.Name != tt.want || u.Level != Province || u.List != tt.list {
			t.Errorf("Lookup(%s, %s) = %+v, %v; want province %s", tt.list, tt.code, u, ok, tt.want)
		}
	}
	if _, ok := c.Lookup("1999-01-01", "01"); ok {
		t.Error("Lookup in an unknown list succeeded")
	}
}

func codes(us []Unit) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.Code
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTree(t *testing.T) {
	c := Default()
	tests := []struct {
		name      string
		list      ListID
		code      string
		ancestors []string
		province  string
	}{
		{"old commune", List2025March, "00004", []string{"00004", "001", "01"}, "01"},
		{"old district", List2025March, "001", []string{"001", "01"}, "01"},
		{"old province", List2025March, "01", []string{"01"}, "01"},
		{"new commune", List2025July, "00004", []string{"00004", "01"}, "01"},
		{"new province", List2025July, "15", []string{"15"}, "15"},
		{"old Đất Mũi", List2025March, "32248", []string{"32248", "973", "96"}, "96"},
		{"new Đất Mũi", List2025July, "32248", []string{"32248", "96"}, "96"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codes(c.Ancestors(tt.list, tt.code)); !equal(got, tt.ancestors) {
				t.Errorf("Ancestors = %v, want %v", got, tt.ancestors)
			}
			p, ok := c.ProvinceOf(tt.list, tt.code)
			if !ok || p.Code != tt.province || p.Level != Province {
				t.Errorf("ProvinceOf = %+v, %v; want %s", p, ok, tt.province)
			}
			for _, a := range tt.ancestors {
				if !c.Contains(tt.list, a, tt.code) {
					t.Errorf("Contains(%s, %s) = false", a, tt.code)
				}
			}
		})
	}

	names := []struct {
		list           ListID
		code, fullName string
	}{
		{List2025March, "00004", "Phường Trúc Bạch"},
		{List2025March, "001", "Quận Ba Đình"},
		{List2025March, "01", "Thành phố Hà Nội"},
		{List2025July, "00004", "Phường Ba Đình"},
	}
	for _, n := range names {
		if u, _ := c.Lookup(n.list, n.code); u.FullName != n.fullName {
			t.Errorf("Lookup(%s, %s).FullName = %q, want %q", n.list, n.code, u.FullName, n.fullName)
		}
	}

	negative := []struct {
		list           ListID
		ancestor, code string
	}{
		{List2025March, "02", "00004"},    // other province
		{List2025March, "002", "00004"},   // other district
		{List2025March, "00004", "001"},   // child does not contain parent
		{List2025March, "01", "99999"},    // unknown code
		{List2025July, "001", "00004"},    // no districts in the new list
		{"1999-01-01", "01", "00004"},     // unknown list
		{List2025March, "00001", "00004"}, // sibling
	}
	for _, n := range negative {
		if c.Contains(n.list, n.ancestor, n.code) {
			t.Errorf("Contains(%s, %s, %s) = true", n.list, n.ancestor, n.code)
		}
	}
	if got := c.Ancestors(List2025March, "99999"); got != nil {
		t.Errorf("Ancestors(unknown) = %v", got)
	}
	if _, ok := c.ProvinceOf(List2025July, "001"); ok {
		t.Error("ProvinceOf(July, 001) found a unit")
	}
}

func TestChildren(t *testing.T) {
	c := Default()
	// Hà Nội: 30 districts before the reform, 126 communes after.
	if got := len(c.Children(List2025March, "01")); got != 30 {
		t.Errorf("len(Children(March, 01)) = %d, want 30", got)
	}
	if got := len(c.Children(List2025July, "01")); got != 126 {
		t.Errorf("len(Children(July, 01)) = %d, want 126", got)
	}
	ba := codes(c.Children(List2025March, "001"))
	want := []string{"00001", "00004", "00006", "00007", "00008", "00013", "00016", "00019", "00022", "00025", "00028", "00031", "00034"}
	if !equal(ba, want) {
		t.Errorf("Children(March, 001) = %v, want %v", ba, want)
	}
	if got := c.Children(List2025March, "00004"); len(got) != 0 {
		t.Errorf("a commune has children: %v", got)
	}
	if got := c.Communes(List2025March, "001"); got != nil {
		t.Errorf("Communes of a district = %v, want nil (provinces only)", got)
	}
	for _, l := range c.Lists() {
		for _, p := range c.Provinces(l) {
			cs := c.Communes(l, p.Code)
			for i := 1; i < len(cs); i++ {
				if cs[i-1].Code >= cs[i].Code {
					t.Fatalf("Communes(%s, %s) not sorted at %d", l, p.Code, i)
				}
			}
		}
	}
}

// Every commune must reach a province through existing parents.
func TestNoOrphans(t *testing.T) {
	c := Default()
	for _, l := range c.Lists() {
		seen := 0
		for _, p := range c.Provinces(l) {
			for _, u := range c.Communes(l, p.Code) {
				seen++
				anc := c.Ancestors(l, u.Code)
				top := anc[len(anc)-1]
				if top.Level != Province || top.Code != p.Code {
					t.Errorf("%s commune %s: top ancestor %+v, want province %s", l, u.Code, top, p.Code)
				}
				wantDepth := 3
				if l == List2025July {
					wantDepth = 2
				}
				if len(anc) != wantDepth {
					t.Errorf("%s commune %s: %d ancestors, want %d", l, u.Code, len(anc), wantDepth)
				}
			}
		}
		if want := c.Count(l, Commune); seen != want {
			t.Errorf("%s: reached %d communes from provinces, want %d", l, seen, want)
		}
	}
}

// The shared catalog must not be changeable through returned slices.
func TestReturnsCopies(t *testing.T) {
	c := Default()
	p := c.Provinces(List2025March)
	p[0].Name = "changed"
	ch := c.Children(List2025March, "001")
	ch[0].Name = "changed"
	if c.Provinces(List2025March)[0].Name == "changed" || c.Children(List2025March, "001")[0].Name == "changed" {
		t.Fatal("catalog modified through a returned slice")
	}
}

// Names are stored in NFC even where the source is decomposed.
func TestNamesNFC(t *testing.T) {
	c := Default()
	// Line 376 of the July file spells "Nậm Nèn" with combining marks.
	for _, p := range c.Provinces(List2025July) {
		for _, u := range c.Communes(List2025July, p.Code) {
			for _, s := range []string{u.Name, u.FullName} {
				for _, r := range s {
					if r >= 0x300 && r <= 0x36f {
						t.Fatalf("commune %s name %q has a combining mark", u.Code, s)
					}
				}
			}
		}
	}
}
