package person

import "testing"

func TestParseSexAcceptsCodesAndVietnameseWords(t *testing.T) {
	cases := []struct {
		in   string
		want Sex
	}{
		{"M", Male}, {"f", Female}, {"Nam", Male}, {"Nữ", Female}, {"NU", Female}, {"male", Male},
	}
	for _, c := range cases {
		got, err := ParseSex(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseSex(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := ParseSex("X"); err == nil {
		t.Error("ParseSex(\"X\") accepted an unknown sex")
	}
}
