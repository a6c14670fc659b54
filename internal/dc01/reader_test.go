package dc01

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func readAll(t *testing.T, in string, enc Encoding) ([]Row, error) {
	t.Helper()
	rd, err := NewReader(strings.NewReader(in), enc, false)
	if err != nil {
		return nil, err
	}
	var rows []Row
	for {
		var r Row
		err := rd.Read(&r)
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, r)
	}
}

func TestReadCSV(t *testing.T) {
	in := "\ufefffull_name,record_ref,birth_date\n" +
		"\"  Nguyễn   Văn An \",R1,1990-01-02\n" +
		"\"Trần, Thị\",R2,1991\n"
	rows, err := readAll(t, in, CSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	if got := rows[0].Get("full_name"); got != "Nguyễn Văn An" {
		t.Errorf("full_name = %q (want trimmed, spaces collapsed)", got)
	}
	if rows[1].RecordRef() != "R2" || rows[1].Get("full_name") != "Trần, Thị" || rows[1].Line != 3 {
		t.Errorf("row 2 = %+v", rows[1])
	}
}

func TestReadJSONL(t *testing.T) {
	in := `{"record_ref":"R1","full_name":"Lê Văn Tám","birth_date":1980}` + "\n\n" +
		`{"record_ref":"R2","full_name":null}` + "\n"
	rows, err := readAll(t, in, JSONL)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Get("birth_date") != "1980" || rows[1].Line != 3 || rows[1].Get("full_name") != "" {
		t.Fatalf("rows = %+v", rows)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, in string
		enc      Encoding
		line     int
		column   string
	}{
		{"empty file", "", CSV, 1, ""},
		{"unknown column", "record_ref,fullname\n", CSV, 1, "fullname"},
		{"duplicate column", "record_ref,record_ref\n", CSV, 1, "record_ref"},
		{"no record_ref", "full_name\n", CSV, 1, "record_ref"},
		{"field count", "record_ref,full_name\nR1\n", CSV, 2, ""},
		{"bad quoting", "record_ref,full_name\nR1,\"abc\n", CSV, 2, ""},
		{"invalid utf-8", "record_ref,full_name\nR1,\xff\xfe\n", CSV, 2, "full_name"},
		{"json not object", "[1,2]\n", JSONL, 1, ""},
		{"json unknown key", `{"record_ref":"R1","nam":"x"}` + "\n", JSONL, 1, "nam"},
		{"json nested", `{"record_ref":{"a":1}}` + "\n", JSONL, 1, "record_ref"},
		{"json fraction", `{"record_ref":1.5}` + "\n", JSONL, 1, "record_ref"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.in, tt.enc)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FormatError", err)
			}
			if fe.Line != tt.line || fe.Column != tt.column {
				t.Errorf("error at line %d column %q, want %d %q (%v)", fe.Line, fe.Column, tt.line, tt.column, err)
			}
		})
	}
}

func TestWriterRoundTrip(t *testing.T) {
	for _, enc := range []Encoding{CSV, JSONL} {
		for _, gz := range []bool{false, true} {
			var buf bytes.Buffer
			w := NewWriter(&buf, enc, gz)
			var r Row
			r.Set("record_ref", "R1")
			r.Set("full_name", "Đỗ Thị \"Hà\", Nội")
			r.Set("birth_date", "2001-02")
			if err := w.Write(&r); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			rd, err := NewReader(&buf, enc, gz)
			if err != nil {
				t.Fatal(err)
			}
			var got Row
			if err := rd.Read(&got); err != nil {
				t.Fatal(err)
			}
			got.Line = 0
			if got != r {
				t.Errorf("enc %d gz %v: round trip %+v != %+v", enc, gz, got, r)
			}
		}
	}
}

func TestEncodingFor(t *testing.T) {
	tests := []struct {
		name string
		enc  Encoding
		gz   bool
	}{{"a.csv", CSV, false}, {"a.CSV.GZ", CSV, true}, {"b.jsonl", JSONL, false}, {"b.jsonl.gz", JSONL, true}, {"c.ndjson", JSONL, false}}
	for _, tt := range tests {
		enc, gz := EncodingFor(tt.name)
		if enc != tt.enc || gz != tt.gz {
			t.Errorf("EncodingFor(%q) = %d %v", tt.name, enc, gz)
		}
	}
}

// FuzzReadCSV: the reader never panics, and every error is a FormatError
// with a line number, whatever the input.
func FuzzReadCSV(f *testing.F) {
	f.Add("record_ref,full_name\nR1,Nguyễn Văn An\n")
	f.Add("record_ref\n\"a\"\"b\"\n")
	f.Add("record_ref,birth_date\nR1,1990\nR2\n")
	f.Fuzz(func(t *testing.T, in string) {
		for _, enc := range []Encoding{CSV, JSONL} {
			rd, err := NewReader(strings.NewReader(in), enc, false)
			if err != nil {
				var fe *FormatError
				if !errors.As(err, &fe) {
					t.Fatalf("header error is not a FormatError: %v", err)
				}
				continue
			}
			for i := 0; i < 1000; i++ {
				var r Row
				err := rd.Read(&r)
				if err == io.EOF {
					break
				}
				if err != nil {
					var fe *FormatError
					if !errors.As(err, &fe) || fe.Line < 1 {
						t.Fatalf("read error %v is not a FormatError with a line", err)
					}
					break
				}
			}
		}
	})
}
