package pdate

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestJSONRoundTrip(t *testing.T) {
	type rec struct {
		Birth Date `json:"birth"`
		Death Date `json:"death,omitzero"`
	}
	tests := []struct {
		in   rec
		json string
	}{
		{rec{Birth: MustParse("2001-05-15")}, `{"birth":"2001-05-15"}`},
		{rec{Birth: MustParse("1952-03"), Death: MustParse("2020")}, `{"birth":"1952-03","death":"2020"}`},
		{rec{}, `{"birth":""}`},
	}
	for _, tc := range tests {
		b, err := json.Marshal(tc.in)
		if err != nil || string(b) != tc.json {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", tc.in, b, err, tc.json)
			continue
		}
		var back rec
		if err := json.Unmarshal(b, &back); err != nil || back != tc.in {
			t.Errorf("Unmarshal(%s) = %+v, %v; want %+v", b, back, err, tc.in)
		}
	}
}

func TestUnmarshalJSON(t *testing.T) {
	for in, want := range map[string]Date{
		`null`:         {},
		`""`:           {},
		`"15/05/2001"`: Full(2001, 5, 15),
		`" 05/2001 "`:  {2001, 5, 0},
		`"2001-05-15"`: Full(2001, 5, 15),
		// escaped text takes the general path, not the plain-string one
		`"2001\u002d05-15"`:      Full(2001, 5, 15),
		`"\u0031\u0035/05/2001"`: Full(2001, 5, 15),
	} {
		var d Date
		if err := json.Unmarshal([]byte(in), &d); err != nil || d != want {
			t.Errorf("Unmarshal(%s) = %+v, %v; want %+v", in, d, err, want)
		}
	}
	for _, in := range []string{`2001`, `"31/04/2001"`, `{}`, `"x"`, `"2001-05-15`, `"`, `"2001\u002d13"`} {
		var d Date
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("Unmarshal(%s) = %+v, want error", in, d)
		}
	}
	var d Date
	err := json.Unmarshal([]byte(`"2001-13"`), &d)
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("Unmarshal(\"2001-13\") error %v does not wrap ErrInvalid", err)
	}
}

func TestMarshalRejectsInvalid(t *testing.T) {
	bad := Date{2001, 2, 30}
	if _, err := json.Marshal(bad); err == nil {
		t.Error("Marshal of 2001-02-30 succeeded")
	}
	if _, err := bad.MarshalText(); err == nil {
		t.Error("MarshalText of 2001-02-30 succeeded")
	}
}

func TestTextRoundTripAsMapKey(t *testing.T) {
	m := map[Date]int{MustParse("2001"): 1, MustParse("2001-05-15"): 2}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back map[Date]int
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 2 || back[MustParse("2001-05-15")] != 2 {
		t.Errorf("map round trip: %s -> %v, %v", b, back, err)
	}
}

func TestSQLValueScan(t *testing.T) {
	for _, d := range []Date{{}, MustParse("1948"), MustParse("1952-03"), MustParse("2001-05-15")} {
		v, err := d.Value()
		if err != nil {
			t.Fatalf("%v.Value(): %v", d, err)
		}
		var back Date
		if err := back.Scan(v); err != nil || back != d {
			t.Errorf("Scan(Value(%v)) = %v, %v", d, back, err)
		}
	}
	var d Date
	if err := d.Scan([]byte("05/2001")); err != nil || d != (Date{2001, 5, 0}) {
		t.Errorf("Scan([]byte) = %v, %v", d, err)
	}
	if err := d.Scan(time.Date(2001, 5, 15, 0, 0, 0, 0, time.UTC)); err != nil || d != Full(2001, 5, 15) {
		t.Errorf("Scan(time) = %v, %v", d, err)
	}
	if err := d.Scan(42); err == nil {
		t.Error("Scan(int) succeeded")
	}
}
