package sqlstore

import "testing"

func TestParseLSN(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint64
		bad  bool
	}{
		{in: "0/0", want: 0},
		{in: "0/3000148", want: 0x3000148},
		{in: "16/B374D848", want: 0x16<<32 | 0xB374D848},
		{in: "FFFFFFFF/FFFFFFFF", want: ^uint64(0)},
		{in: "3000148", bad: true},
		{in: "1/G", bad: true},
		{in: "100000000/0", bad: true},
	} {
		got, err := parseLSN(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("parseLSN(%q) = %x, %v; want %x, error %v", tc.in, got, err, tc.want, tc.bad)
		}
	}
}
