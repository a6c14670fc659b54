package card

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/person"
)

const specQR = "001201012345|123456789|Nguyễn Văn An|15052001|Nam|Số 1, phố Hàng Bạc, Hà Nội|10102021"

func qrCard() Card {
	c := specCard()
	c.OldIDNumber = "123456789"
	c.Residence = "Số 1, phố Hàng Bạc, Hà Nội"
	return c
}

func TestBuildQRPayload(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Card)
		want string
	}{
		{"spec layout", func(*Card) {}, specQR},
		{"no old CMND", func(c *Card) { c.OldIDNumber = "" },
			"001201012345||Nguyễn Văn An|15052001|Nam|Số 1, phố Hàng Bạc, Hà Nội|10102021"},
		{"female, year-only birth", func(c *Card) { c.Sex = person.Female; c.BirthDate = pdate.Date{Year: 1948} },
			"001201012345|123456789|Nguyễn Văn An|00001948|Nữ|Số 1, phố Hàng Bạc, Hà Nội|10102021"},
		{"year+month birth", func(c *Card) { c.BirthDate = pdate.Date{Year: 1952, Month: 3} },
			"001201012345|123456789|Nguyễn Văn An|00031952|Nam|Số 1, phố Hàng Bạc, Hà Nội|10102021"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := qrCard()
			tc.edit(&c)
			got, err := BuildQRPayload(c)
			if err != nil || got != tc.want {
				t.Errorf("BuildQRPayload = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestBuildQRPayloadRejects(t *testing.T) {
	tests := map[string]func(*Card){
		"short number":    func(c *Card) { c.Number = "0012010123" },
		"bad old CMND":    func(c *Card) { c.OldIDNumber = "12345" },
		"no sex":          func(c *Card) { c.Sex = "" },
		"no birth date":   func(c *Card) { c.BirthDate = pdate.Date{} },
		"partial issue":   func(c *Card) { c.IssueDate = pdate.Date{Year: 2021} },
		"pipe in text":    func(c *Card) { c.Residence = "Số 1 | Hà Nội" },
		"newline in name": func(c *Card) { c.FullName = "Nguyễn\nAn" },
	}
	for name, edit := range tests {
		c := qrCard()
		edit(&c)
		if _, err := BuildQRPayload(c); !errors.Is(err, ErrQR) {
			t.Errorf("%s: err = %v, want ErrQR", name, err)
		}
	}
}

func TestParseQRPayload(t *testing.T) {
	full := QRData{Number: "001201012345", OldIDNumber: "123456789", FullName: "Nguyễn Văn An",
		BirthDate: pdate.Full(2001, 5, 15), Sex: person.Male,
		Residence: "Số 1, phố Hàng Bạc, Hà Nội", IssueDate: pdate.Full(2021, 10, 10)}
	noOld, noIssue, extra := full, full, full
	noOld.OldIDNumber = ""
	noIssue.IssueDate = pdate.Date{}
	extra.Extra = []string{"x", ""}
	tests := []struct {
		name, in string
		want     QRData
	}{
		{"spec", specQR, full},
		{"trailing newline and spaces", "  " + specQR + "\r\n", full},
		{"AIM prefix", "]Q1" + specQR, full},
		{"text prefix", "QR: " + specQR, full},
		{"BOM", "\ufeff" + specQR, full},
		{"padded fields", strings.ReplaceAll(specQR, "|", " | "), full},
		{"empty old CMND", strings.Replace(specQR, "|123456789|", "||", 1), noOld},
		{"6 fields, old CMND omitted", strings.Replace(specQR, "|123456789|", "|", 1), noOld},
		{"6 fields, issue date missing", strings.TrimSuffix(specQR, "|10102021"), noIssue},
		{"extra fields kept", specQR + "|x|", extra},
		{"sex as Nữ lower case", strings.Replace(specQR, "|Nam|", "|nữ|", 1), func() QRData { d := full; d.Sex = person.Female; return d }()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseQRPayload(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParseQRPayloadErrors(t *testing.T) {
	tests := []struct {
		name, in string
		field    int
	}{
		{"empty", "", -1},
		{"no separator", "001201012345", -1},
		{"11-digit ID", "00120101234|1|2|3|4|5|6", -1},
		{"5 fields", "001201012345|123456789|Nguyễn Văn An|15052001|Nam", -1},
		{"bad old CMND", strings.Replace(specQR, "123456789", "12345", 1), 1},
		{"empty name", strings.Replace(specQR, "Nguyễn Văn An", " ", 1), 2},
		{"bad birth date", strings.Replace(specQR, "15052001", "31022001", 1), 3},
		{"bad sex", strings.Replace(specQR, "|Nam|", "|X|", 1), 4},
		{"bad issue date", strings.Replace(specQR, "10102021", "2021", 1), 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseQRPayload(tc.in)
			var qe *QRError
			if !errors.As(err, &qe) || !errors.Is(err, ErrQR) {
				t.Fatalf("err = %v, want *QRError", err)
			}
			if qe.Field != tc.field {
				t.Errorf("err = %v, field %d, want %d", err, qe.Field, tc.field)
			}
		})
	}
}

func TestQRPayloadRoundTrip(t *testing.T) {
	c := qrCard()
	for _, birth := range []pdate.Date{{Year: 1948}, {Year: 1952, Month: 3}, pdate.Full(2000, 2, 29)} {
		c.BirthDate = birth
		p, err := BuildQRPayload(c)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ParseQRPayload(p)
		if err != nil || d.BirthDate != birth || d.FullName != c.FullName || d.Residence != c.Residence {
			t.Errorf("round trip of %q = %+v, %v", p, d, err)
		}
	}
}

func FuzzParseQRPayload(f *testing.F) {
	f.Add(specQR)
	f.Add("]Q1" + strings.Replace(specQR, "|123456789|", "|", 1))
	f.Add(strings.TrimSuffix(specQR, "|10102021"))
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseQRPayload(s)
		if err != nil {
			if !errors.Is(err, ErrQR) {
				t.Fatalf("error %v does not wrap ErrQR", err)
			}
			return
		}
		if !isDigits(d.Number, 12) || d.FullName == "" || d.BirthDate.IsZero() {
			t.Fatalf("accepted %+v", d)
		}
		if d.Sex != person.Male && d.Sex != person.Female {
			t.Fatalf("accepted sex %q", d.Sex)
		}
	})
}
