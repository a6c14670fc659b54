package sqlstore

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

func codecCitizen(id string, version int, updated time.Time) registry.Citizen {
	return registry.Citizen{ID: id, IDNumber: "042086314280", FullName: "Nguyễn Văn \"Huy\"", BirthDate: pdate.Date{Year: 1986, Month: 3, Day: 23},
		Sex: registry.Male, Permanent: registry.Residence{Commune: "18790", Province: "42", Address: `Thôn 9, "xóm" 2`},
		Father: registry.PersonRef{Name: "Nguyễn Văn Chương"}, Status: registry.Alive, Version: version, UpdatedAt: updated}
}

// TestRecordCodecRoundTrip: a record stored compact comes back byte for
// byte as encoding/json wrote it, and records the row cannot restore
// exactly are stored whole.
func TestRecordCodecRoundTrip(t *testing.T) {
	micro := time.Date(2026, 12, 6, 2, 11, 21, 849625000, time.UTC)
	for _, tc := range []struct {
		name        string
		c           registry.Citizen
		wantCompact bool
	}{
		{"imported", codecCitizen("01a2491e-c090-7ac3-b5a3-6a29aaf178ff", 1, micro), true},
		{"later version, whole second", codecCitizen("01a2491e-c090-7ac3-b5a3-6a29aaf178ff", 12, micro.Truncate(time.Second)), true},
		{"nanoseconds", codecCitizen("x", 1, micro.Add(125)), false},
		{"no update time", codecCitizen("x", 1, time.Time{}), false},
		{"not UTC", codecCitizen("x", 1, micro.In(time.FixedZone("ICT", 7*3600))), false},
		{"id needing escapes", codecCitizen("a\"<b>", 1, micro), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			full, err := json.Marshal(tc.c)
			if err != nil {
				t.Fatal(err)
			}
			stored := compactRecord(full, tc.c.ID, tc.c.Version, tc.c.UpdatedAt)
			if text := compactRecordText(full, tc.c.ID, tc.c.Version, tc.c.UpdatedAt); text != string(stored) {
				t.Errorf("compactRecordText = %s, want %s", text, stored)
			}
			if compact := !bytes.Equal(stored, full); compact != tc.wantCompact {
				t.Fatalf("compact = %v, want %v: %s", compact, tc.wantCompact, stored)
			}
			if tc.wantCompact && (bytes.Contains(stored, []byte(`"id":`)) || bytes.Contains(stored, []byte(`"version"`)) || bytes.Contains(stored, []byte(`"updated_at"`))) {
				t.Errorf("compact record still holds a member its row holds: %s", stored)
			}
			if !json.Valid(stored) {
				t.Fatalf("stored record is not JSON: %s", stored)
			}
			back, err := expandRecord(stored, tc.c.ID, tc.c.Version, tc.c.UpdatedAt)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back, full) {
				t.Errorf("round trip:\n got %s\nwant %s", back, full)
			}
		})
	}
}

// TestRecordTailAsEncodingJSON: the tail is what encoding/json writes for
// the last two members, whatever the fraction of the second.
func TestRecordTailAsEncodingJSON(t *testing.T) {
	base := time.Date(2026, 12, 6, 2, 11, 21, 0, time.UTC)
	for _, at := range []time.Time{base, base.Add(849625 * time.Microsecond), base.Add(500 * time.Millisecond), base.Add(time.Microsecond),
		time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)} {
		for _, version := range []int{1, 12, -3} {
			ts, err := json.Marshal(struct {
				Version   int       `json:"version"`
				UpdatedAt time.Time `json:"updated_at"`
			}{version, at})
			if err != nil {
				t.Fatal(err)
			}
			want := "," + string(ts[1:])
			got, ok := recordTail(version, at)
			if !ok || string(got) != want {
				t.Errorf("recordTail(%d, %v) = %s, %v; want %s", version, at, got, ok, want)
			}
		}
	}
	if _, ok := recordTail(1, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)); ok {
		t.Error("a year encoding/json cannot write gave a tail")
	}
}

// TestVersionRecordCorrupt: a damaged row fails with an error naming the
// citizen and version, never a panic or a half-read record.
func TestVersionRecordCorrupt(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    versionRecord
	}{
		{"not an object", versionRecord{data: []byte(`"x"`), id: "c-1", version: 3, recorded: "2026-12-06T02:11:21.849625Z"}},
		{"truncated", versionRecord{data: []byte(`{"full_name":"A`), id: "c-1", version: 3, recorded: "2026-12-06T02:11:21.849625Z"}},
		{"empty", versionRecord{data: nil, id: "c-1", version: 3, recorded: "2026-12-06T02:11:21.849625Z"}},
		{"bad recorded_at", versionRecord{data: []byte(`{"full_name":"A"}`), id: "c-1", version: 3, recorded: "yesterday"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.r.citizen()
			if err == nil || !strings.Contains(err.Error(), "citizen c-1 version 3") {
				t.Errorf("err = %v, want one naming citizen c-1 version 3", err)
			}
		})
	}
}

// FuzzExpandRecord: whatever a version row holds, expanding it either
// fails or gives JSON that encoding/json reads when the stored bytes were
// JSON; it never panics.
func FuzzExpandRecord(f *testing.F) {
	f.Add([]byte(`{"full_name":"A","sex":"M","status":"alive"}`), "01a2491e", 1)
	f.Add([]byte(`{"id":"x","full_name":"A","version":1}`), "x", 1)
	f.Add([]byte(`{}`), "", 0)
	f.Add([]byte(`{`), "a\"b", -1)
	at := time.Date(2026, 12, 6, 2, 11, 21, 849625000, time.UTC)
	f.Fuzz(func(t *testing.T, stored []byte, id string, version int) {
		out, err := expandRecord(stored, id, version, at)
		if err != nil {
			return
		}
		if json.Valid(stored) && !bytes.HasPrefix(stored, fullRecordPrefix) && !json.Valid(out) {
			t.Errorf("expand of valid JSON %q gave invalid %q", stored, out)
		}
		// What compactRecord makes of a whole record expands back to it.
		if full, err := json.Marshal(codecCitizen(id, version, at)); err == nil {
			back, err := expandRecord(compactRecord(full, id, version, at), id, version, at)
			if err != nil || !bytes.Equal(back, full) {
				t.Errorf("round trip of %s: %s, %v", full, back, err)
			}
		}
	})
}
