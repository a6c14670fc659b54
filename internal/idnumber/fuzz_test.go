package idnumber

import "testing"

// FuzzParse checks that Parse and Check never panic and that accepted input
// is rebuilt exactly from its parts.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"087084000999", "001301012345", "999084123456", "087084000000", "", "0870840009999", "08708400099x", "٠٨٧٠٨٤٠٠٠٩٩٩"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		ws := Check(s, 1984, Male, "087")
		if err != nil {
			if p != (Parts{}) {
				t.Fatalf("Parse(%q) returned %+v with error %v", s, p, err)
			}
			if len(ws) != 1 || ws[0].Code != CodeInvalidFormat {
				t.Fatalf("Check(%q) = %+v, want one invalid-format warning", s, ws)
			}
			return
		}
		if got := p.String(); got != s {
			t.Fatalf("Parse(%q) = %+v, rebuilt as %q", s, p, got)
		}
		if p.BirthYear < MinBirthYear || p.BirthYear > MaxBirthYear || p.KnownProvince != KnownPrefix(p.Prefix) {
			t.Fatalf("Parse(%q) = %+v: inconsistent parts", s, p)
		}
		if len(Check(s, p.BirthYear, p.Sex, p.Prefix)) > 1 { // only id.unknown_prefix may remain
			t.Fatalf("Check of %q against its own parts warns: %+v", s, Check(s, p.BirthYear, p.Sex, p.Prefix))
		}
	})
}
