package units

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The numbers pin down how the embedded mapping file is used; a data update
// that changes them should be reviewed, not absorbed silently.
func TestMappingStats(t *testing.T) {
	s := Default().MappingStats()
	tests := []struct {
		name      string
		got, want int
	}{
		{"Rows", s.Rows, 10977},
		{"NoOldCode", s.NoOldCode, 943},
		{"Duplicates", s.Duplicates, 128},
		{"CodedRows", s.CodedRows, 10034},
		{"NameMatched", s.NameMatched, 12},
		{"Skipped", s.Skipped, 803},
		{"Pairs", s.Pairs, 10039},
		{"SplitOld", s.SplitOld, 5},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %d, want %d", tt.name, tt.got, tt.want)
		}
	}
	if sum := s.Duplicates + s.CodedRows + s.NameMatched + s.Skipped; sum != s.Rows {
		t.Errorf("row classes sum to %d, want %d", sum, s.Rows)
	}
	// Xã Ia Mơ (Gia Lai) is missing from the mapping on the old side; on the
	// new side the five đặc khu replace whole island districts that had no
	// communes, and 23737 (Xã Ia Mơ) has no mapping row.
	if want := []string{"23938"}; !equal(s.UnmappedOld, want) {
		t.Errorf("UnmappedOld = %v, want %v", s.UnmappedOld, want)
	}
	if want := []string{"11948", "19742", "20333", "21548", "23737", "26732"}; !equal(s.UnmappedNew, want) {
		t.Errorf("UnmappedNew = %v, want %v", s.UnmappedNew, want)
	}
}

func TestSuccessors(t *testing.T) {
	c := Default()
	tests := []struct {
		old  string
		want []string
	}{
		{"00004", []string{"00004"}},          // Trúc Bạch -> Phường Ba Đình
		{"00001", []string{"00097"}},          // Phúc Xá -> Phường Hồng Hà
		{"25996", []string{"26041", "26188"}}, // Tân Phong (Biên Hòa) split: Trấn Biên + Tân Triều
		{"03766", []string{"03721", "03784"}}, // Chiềng Bôm split: Thuận Châu + Nậm Lầu
		{"23938", nil},                        // Ia Mơ: no row
		{"99999", nil},
		{"01", nil}, // not a commune
	}
	for _, tt := range tests {
		got := c.Successors(tt.old)
		if !equal(codes(got), tt.want) {
			t.Errorf("Successors(%s) = %v, want %v", tt.old, codes(got), tt.want)
		}
		for _, u := range got {
			if u.List != List2025July || u.Level != Commune {
				t.Errorf("Successors(%s) returned %+v, want a July commune", tt.old, u)
			}
		}
	}
	preds := codes(c.Predecessors("00004"))
	if want := []string{"00004", "00013", "00019", "00022"}; !equal(preds, want) {
		t.Errorf("Predecessors(00004) = %v, want %v", preds, want)
	}
	for _, u := range c.Predecessors("00004") {
		if u.List != List2025March {
			t.Errorf("Predecessors returned %+v, want March units", u)
		}
	}
	// Successors and Predecessors are inverse relations.
	for _, p := range c.Provinces(List2025March) {
		for _, old := range c.Communes(List2025March, p.Code) {
			for _, nu := range c.Successors(old.Code) {
				if !containsCode(c.Predecessors(nu.Code), old.Code) {
					t.Fatalf("%s -> %s, but %s is not a predecessor of %s", old.Code, nu.Code, old.Code, nu.Code)
				}
			}
		}
	}
}

func containsCode(us []Unit, code string) bool {
	for _, u := range us {
		if u.Code == code {
			return true
		}
	}
	return false
}

func TestResolveCommune(t *testing.T) {
	c := Default()
	before, after := day(2025, 5, 1), day(2025, 8, 1)
	tests := []struct {
		name    string
		code    string
		asOf    time.Time
		want    []string
		err     error
		errText []string // substrings the message must contain
	}{
		{"new code after reform", "00004", after, []string{"00004"}, nil, nil},
		{"old code before reform", "00001", before, []string{"00097"}, nil, nil},
		{"reused code before reform means the old commune", "00004", before, []string{"00004"}, nil, nil},
		{"old code long before our lists", "00001", day(2010, 1, 1), []string{"00097"}, nil, nil},
		{"legacy old code after reform", "00001", after, []string{"00097"}, nil, nil},
		{"split commune", "25996", before, []string{"26041", "26188"}, nil, nil},
		{"unknown after reform", "99999", after, nil, ErrUnknownUnit, []string{"99999", "2025-07-01", "2025-03-01"}},
		{"unknown before reform", "99999", before, nil, ErrUnknownUnit, []string{"99999", "2025-03-01"}},
		{"new-only code before reform", "11948", before, nil, ErrUnknownUnit, []string{"11948", "not yet in force"}},
		{"old commune without successor", "23938", before, nil, ErrNoSuccessor, []string{"23938", "2025-03-01"}},
		{"not 5 digits", "4", after, nil, ErrUnknownUnit, []string{`"4"`}},
		{"district code", "001", before, nil, ErrUnknownUnit, []string{"001"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.ResolveCommune(tt.code, tt.asOf)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				for _, s := range tt.errText {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not mention %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if !equal(codes(got), tt.want) {
				t.Errorf("got %v, want %v", codes(got), tt.want)
			}
			for _, u := range got {
				if u.List != List2025July {
					t.Errorf("got unit of list %s, want %s", u.List, List2025July)
				}
			}
		})
	}
}
