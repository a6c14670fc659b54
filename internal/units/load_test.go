package units

import (
	"errors"
	"strings"
	"testing"
)

const fixtureMarch = `level,code,name,full_name,parent_code
province,01,Hà Nội,Thành phố Hà Nội,
district,001,Ba Đình,Quận Ba Đình,01
commune,00004,Trúc Bạch,Phường Trúc Bạch,001
commune,00001,Phúc Xá,Phường Phúc Xá,001
`

// The new list's names are in NFD here, as in part of the real file.
const fixtureJuly = "\uFEFFlevel,code,name,full_name,parent_code\n" +
	"province,01,Hà Nội,Thành phố Hà Nội,\n" +
	"commune,00004,Ba \u0110i\u0300nh,Phường Ba \u0110i\u0300nh,01\n" +
	"commune,00097,Hồng Hà,Phường Hồng Hà,01\n"

const fixtureMapping = `old_commune_code,old_commune_name,old_district_name,old_province_name,new_commune_code,new_commune_name,new_province_name
00004,Phường Trúc Bạch,Quận Ba Đình,Thành phố Hà Nội,00004,Phường Ba Đình,Thành phố Hà Nội
00001,Phường Phúc Xá,Quận Ba Đình,Thành phố Hà Nội,00097,Phường Hồng Hà,Thành phố Hà Nội
,Phường Phúc Xá,Quận Ba Đình,Thành phố Hà Nội,4,Phường Ba Đình,Hà Nội
,Phường Phúc Xá,Quận Ba Đình,Thành phố Hà Nội,4,Phường Ba Đình,Hà Nội
,Phường Không Có,Quận Ba Đình,Thành phố Hà Nội,00004,Phường Ba Đình,Hà Nội
,Phường Phuc Xa,Quận Ba Đình,Thành phố Hà Nội,97,Phường Sai Tên,Hà Nội
`

func loadFixture(march, july, mapping string) (*Catalog, error) {
	lists := []ListSource{
		{ID: List2025July, From: day(2025, 7, 1), Name: "july.csv", R: strings.NewReader(july)},
		{ID: List2025March, From: day(2025, 3, 1), Name: "march.csv", R: strings.NewReader(march)},
	}
	var m *MappingSource
	if mapping != "" {
		m = &MappingSource{Name: "mapping.csv", R: strings.NewReader(mapping)}
	}
	return Load(lists, m)
}

func TestLoadFixture(t *testing.T) {
	c, err := loadFixture(fixtureMarch, fixtureJuly, fixtureMapping)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Lists(); !equal([]string{string(got[0]), string(got[1])}, []string{"2025-03-01", "2025-07-01"}) {
		t.Errorf("Lists() = %v, want sorted by date", got)
	}
	if u, _ := c.Lookup(List2025July, "00004"); u.Name != "Ba Đình" || u.FullName != "Phường Ba Đình" {
		t.Errorf("NFD name not normalised: %q / %q", u.Name, u.FullName)
	}
	if got := codes(c.Children(List2025March, "001")); !equal(got, []string{"00001", "00004"}) {
		t.Errorf("children not sorted: %v", got)
	}
	// Row 3 is recovered by name (leading zeros restored), row 4 repeats it,
	// row 5 names no old commune, row 6 names the wrong new commune.
	if got := codes(c.Successors("00001")); !equal(got, []string{"00004", "00097"}) {
		t.Errorf("Successors(00001) = %v", got)
	}
	s := c.MappingStats()
	if s.Rows != 6 || s.CodedRows != 2 || s.NameMatched != 1 || s.Duplicates != 1 || s.Skipped != 2 || s.NoOldCode != 4 || s.SplitOld != 1 {
		t.Errorf("MappingStats = %+v", s)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name           string
		march, mapping string
		file           string
		line           int
		wantInMessage  string
	}{
		{"wrong column count", fixtureMarch + "commune,00007,Cống Vị,Phường Cống Vị\n", "", "march.csv", 6, "got 4 columns, want 5"},
		{"unknown level", strings.Replace(fixtureMarch, "district,001", "huyen,001", 1), "", "march.csv", 3, `unknown level "huyen"`},
		{"orphan parent", fixtureMarch + "commune,00007,Cống Vị,Phường Cống Vị,002\n", "", "march.csv", 6, "parent 002 does not exist"},
		{"parent of wrong level", fixtureMarch + "commune,00007,Cống Vị,Phường Cống Vị,00004\n", "", "march.csv", 6, "parent 00004 is a commune"},
		{"district under district", fixtureMarch + "district,002,X,Quận X,001\n", "", "march.csv", 6, "parent 001 is a district"},
		{"duplicate code", fixtureMarch + "commune,00004,Trúc Bạch,Phường Trúc Bạch,001\n", "", "march.csv", 6, "already defined on line 4"},
		{"bad code length", fixtureMarch + "commune,0007,Cống Vị,Phường Cống Vị,001\n", "", "march.csv", 6, "not 5 digits"},
		{"province with parent", fixtureMarch + "province,02,Hà Giang,Tỉnh Hà Giang,01\n", "", "march.csv", 6, "want none"},
		{"commune without parent", fixtureMarch + "commune,00007,Cống Vị,Phường Cống Vị,\n", "", "march.csv", 6, "has no parent"},
		{"empty name", fixtureMarch + "commune,00007,,Phường Cống Vị,001\n", "", "march.csv", 6, "empty name"},
		{"bad header", strings.Replace(fixtureMarch, "full_name", "fullname", 1), "", "march.csv", 1, "header"},
		{"bad quoting", fixtureMarch + "commune,00007,\"Cống\"Vị,Phường Cống Vị,001\n", "", "march.csv", 6, "quote"},
		{"empty file", "", "", "march.csv", 0, "empty file"},
		{"header only", "level,code,name,full_name,parent_code\n", "", "march.csv", 0, "no units"},
		{"mapping unknown old code", fixtureMarch, fixtureMapping + "00099,Phường X,Quận Ba Đình,Thành phố Hà Nội,00004,Phường Ba Đình,Hà Nội\n", "mapping.csv", 8, `old_commune_code "00099"`},
		{"mapping unknown new code", fixtureMarch, fixtureMapping + "00004,Phường Trúc Bạch,Quận Ba Đình,Thành phố Hà Nội,00099,Phường X,Hà Nội\n", "mapping.csv", 8, `new_commune_code "00099"`},
		{"mapping column count", fixtureMarch, fixtureMapping + "00004,Phường Trúc Bạch\n", "mapping.csv", 8, "got 2 columns, want 7"},
		{"mapping non-numeric new code", fixtureMarch, fixtureMapping + ",Phường Trúc Bạch,,,x,,\n", "mapping.csv", 8, "not a commune code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadFixture(tt.march, fixtureJuly, tt.mapping)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a *LoadError", err)
			}
			if le.File != tt.file || le.Line != tt.line {
				t.Errorf("error at %s line %d, want %s line %d (%v)", le.File, le.Line, tt.file, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.wantInMessage) {
				t.Errorf("error %q does not contain %q", err, tt.wantInMessage)
			}
			if tt.line > 0 && !strings.Contains(err.Error(), "line ") {
				t.Errorf("error %q does not name the line", err)
			}
		})
	}
}

func TestLoadListErrors(t *testing.T) {
	if _, err := Load(nil, nil); err == nil {
		t.Error("Load(nil) succeeded")
	}
	dup := []ListSource{
		{ID: List2025March, From: day(2025, 3, 1), Name: "a.csv", R: strings.NewReader(fixtureMarch)},
		{ID: List2025March, From: day(2025, 7, 1), Name: "b.csv", R: strings.NewReader(fixtureMarch)},
	}
	if _, err := Load(dup, nil); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("duplicate list: err = %v", err)
	}
	only := []ListSource{{ID: List2025March, From: day(2025, 3, 1), Name: "a.csv", R: strings.NewReader(fixtureMarch)}}
	if _, err := Load(only, &MappingSource{Name: "m.csv", R: strings.NewReader(fixtureMapping)}); err == nil || !strings.Contains(err.Error(), "needs lists") {
		t.Errorf("mapping without the new list: err = %v", err)
	}
}

// The embedded data must load; Default would panic otherwise.
func TestEmbeddedLoads(t *testing.T) {
	if _, err := loadEmbedded(); err != nil {
		t.Fatal(err)
	}
}
