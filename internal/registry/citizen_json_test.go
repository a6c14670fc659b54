package registry

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"dancu/internal/pdate"
)

func fullCitizen() Citizen {
	return Citizen{ID: "0190a0b1-0000-7000-8000-000000000001", IDNumber: "042090000123", CancelledIDNumbers: []string{"042090000001", "x"},
		OldIDNumber: "183456789", FullName: "Nguyễn Văn An", OtherName: "Tí", BirthDate: pdate.Full(1990, 2, 28), Sex: Male,
		BirthPlace: "Hà Tĩnh", BirthRegistration: Place{Code: "18073", List: "2025-07-01", Text: "xã Thạch Hà"}, Hometown: Place{Text: "Hà Tĩnh"},
		Ethnicity: "Kinh", Religion: "Không", Nationality: "VN", BloodType: "O", MaritalStatus: "married",
		Permanent: Residence{Commune: "18073", Province: "42", Address: "số 1 <đường> & \"ngõ\"", Since: pdate.Date{Year: 2001}, SourceCode: "18073"},
		Temporary: Residence{Commune: "00004", Until: pdate.Date{Year: 2027, Month: 3}, DeletedOn: pdate.Full(2026, 1, 2), DeletedFor: "hết hạn"},
		Father:    PersonRef{Name: "Nguyễn Văn B", IDNumber: "042060000001", CitizenID: "c-1"}, Mother: PersonRef{Name: "Lê Thị C"},
		Spouse: PersonRef{CitizenID: "only an id: omitted"}, Representative: PersonRef{IDNumber: "042"},
		Absence:      Absence{Case: "work", From: pdate.Full(2026, 5, 1), Destination: "Hà Nội\u2028line", Reason: "tab\there"},
		HouseholdRef: "HK-1", HouseholdHead: PersonRef{Name: "Nguyễn Văn An"}, RelationToHead: "chủ hộ", Phone: "0912345678", Email: "a@b.vn",
		Status: Dead, DeathDate: pdate.Full(2026, 11, 30), MergedInto: "m", RecordRef: "REF-1", Version: 7,
		UpdatedAt: time.Date(2026, 12, 6, 23, 1, 2, 345000000, time.FixedZone("ICT", 7*3600))}
}

func TestCitizenAppendJSONIsEncodingJSON(t *testing.T) {
	for name, c := range map[string]Citizen{
		"zero":                   {},
		"full":                   fullCitizen(),
		"minimal":                {ID: "x", FullName: "A", Status: Alive, Version: 1},
		"escapes":                {FullName: "\x00\x1f\x7f\"\\/<>&\u2029\xff\xfeé\U0001F600", ID: "\b\f\n\r\t"},
		"absence with zero from": {Absence: Absence{Reason: "r"}},
		"utc time":               {UpdatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(name, func(t *testing.T) {
			want, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := c.AppendJSON(nil)
			if !ok || !bytes.Equal(got, want) {
				t.Errorf("AppendJSON (ok %v)\n got %s\nwant %s", ok, got, want)
			}
		})
	}
}

func TestCitizenAppendJSONDeclinesWhatJSONRefuses(t *testing.T) {
	for name, c := range map[string]Citizen{
		"invalid date": {BirthDate: pdate.Date{Year: 2001, Month: 13}},
		"year 10000":   {UpdatedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := json.Marshal(c); err == nil {
				t.Fatal("json.Marshal accepts it: the case tests nothing")
			}
			if _, ok := c.AppendJSON(nil); ok {
				t.Error("AppendJSON wrote a value json.Marshal refuses")
			}
		})
	}
}

func FuzzCitizenJSON(f *testing.F) {
	f.Add("Nguyễn Văn An", "042090000123", "số 1 <a> & b", "\xff\u2028", 1990, 2, 28, int64(1_700_000_000_123))
	f.Fuzz(func(t *testing.T, name, number, address, other string, y, m, d int, nanos int64) {
		c := fullCitizen()
		c.FullName, c.IDNumber, c.Permanent.Address, c.OtherName = name, number, address, other
		c.Father = PersonRef{Name: other, IDNumber: number}
		c.Spouse = PersonRef{CitizenID: name}
		c.BirthDate = pdate.Date{Year: y % 3000, Month: m % 14, Day: d % 33}
		c.Absence = Absence{}
		if len(other) > 3 {
			c.Absence = Absence{Case: other, Reason: name}
		}
		c.CancelledIDNumbers = nil
		if number != "" {
			c.CancelledIDNumbers = []string{number, address}
		}
		c.UpdatedAt = time.Unix(0, nanos).UTC()
		c.Version = y
		want, jerr := json.Marshal(c)
		got, ok := c.AppendJSON(nil)
		if jerr != nil {
			if ok {
				t.Fatalf("AppendJSON wrote %s where json.Marshal fails: %v", got, jerr)
			}
			return
		}
		if !ok || !bytes.Equal(got, want) {
			t.Fatalf("AppendJSON (ok %v)\n got %s\nwant %s", ok, got, want)
		}
	})
}
