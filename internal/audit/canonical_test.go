package audit_test

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"dancu/internal/audit"
)

func sampleEntry() audit.Entry {
	return audit.Entry{Time: time.Date(2026, 1, 5, 8, 0, 0, 123456789, time.UTC), RequestID: "req-1",
		UserID: "u1", Username: "xa.thanhsen", Role: "commune", Unit: "18073", Action: "citizen.read",
		Route: "GET /api/v1/citizens/{id}", CitizenIDs: []string{"c1", "c2"}, Fields: []string{"full_name"},
		Purpose: "xác minh", LegalBasis: "Luật Căn cước 2023", Result: "ok", Confidential: true}
}

func TestCanonicalRoundTrip(t *testing.T) {
	for name, e := range map[string]audit.Entry{
		"full":  sampleEntry(),
		"empty": {Time: time.Unix(0, 0), Action: "x"},
		"old":   {Time: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), Action: "x", CitizenIDs: []string{}},
	} {
		t.Run(name, func(t *testing.T) {
			n := e.Normalize()
			got, err := audit.ParseCanonical(audit.Canonical(n))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, n) {
				t.Errorf("round trip\n got %+v\nwant %+v", got, n)
			}
		})
	}
}

// TestCanonicalDistinguishes checks that moving bytes between adjacent
// fields changes the encoding (what a plain concatenation would miss).
func TestCanonicalDistinguishes(t *testing.T) {
	a, b := sampleEntry(), sampleEntry()
	a.UserID, a.Username = "u1x", "a"
	b.UserID, b.Username = "u1", "xa"
	c := sampleEntry()
	c.CitizenIDs = []string{"c1c2"}
	d := sampleEntry()
	d.Confidential = false
	encs := [][]byte{audit.Canonical(a), audit.Canonical(b), audit.Canonical(c), audit.Canonical(d), audit.Canonical(sampleEntry())}
	for i := range encs {
		for j := i + 1; j < len(encs); j++ {
			if bytes.Equal(encs[i], encs[j]) {
				t.Errorf("entries %d and %d encode alike", i, j)
			}
		}
	}
}

func TestParseCanonicalRejects(t *testing.T) {
	good := audit.Canonical(sampleEntry().Normalize())
	for name, b := range map[string][]byte{
		"empty":       nil,
		"version":     append([]byte{2}, good[1:]...),
		"trailing":    append(append([]byte{}, good...), 0),
		"truncated":   good[:len(good)-3],
		"flag":        append(append([]byte{}, good[:len(good)-1]...), 2),
		"non-minimal": append(append([]byte{}, good[:9]...), append([]byte{0x85, 0x00}, good[10:]...)...),
		"huge list":   append(append([]byte{}, good[:9]...), 0xff, 0xff, 0xff, 0xff, 0x0f),
	} {
		if _, err := audit.ParseCanonical(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseCanonical(f *testing.F) {
	f.Add(audit.Canonical(sampleEntry().Normalize()))
	f.Add(audit.Canonical(audit.Entry{Action: "x"}.Normalize()))
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := audit.ParseCanonical(b)
		if err != nil {
			return
		}
		if again := audit.Canonical(e); !bytes.Equal(again, b) {
			t.Fatalf("accepted a non-canonical encoding:\n in %x\nout %x", b, again)
		}
	})
}
