package eid

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// fixedMatcher answers a fixed score (or error) and records what it saw.
type fixedMatcher struct {
	score float64
	err   error
	seen  []string
}

func (m *fixedMatcher) Compare(_ context.Context, c Comparison) (Score, error) {
	m.seen = append(m.seen, c.Modality)
	return Score{Value: m.score, Engine: "fixed"}, m.err
}

// TestDecisionAgainstTheThreshold: the matcher only scores; the service
// decides, at or above the modality's threshold, and refuses a score a
// calibrated matcher cannot give.
func TestDecisionAgainstTheThreshold(t *testing.T) {
	th := Thresholds{Face: 0.8, Finger: 0.6}
	tests := []struct {
		name      string
		modality  string
		score     float64
		err       error
		wantMatch bool
		wantErr   bool
	}{
		{"face at the threshold", ModalityFace, 0.8, nil, true, false},
		{"face just under", ModalityFace, 0.7999, nil, false, false},
		{"face certain", ModalityFace, 1, nil, true, false},
		{"face nothing alike", ModalityFace, 0, nil, false, false},
		{"finger at its own threshold", ModalityFinger, 0.6, nil, true, false},
		{"finger under", ModalityFinger, 0.59, nil, false, false},
		{"score above 1", ModalityFace, 1.2, nil, false, true},
		{"negative score", ModalityFace, -0.1, nil, false, true},
		{"NaN", ModalityFace, math.NaN(), nil, false, true},
		{"matcher down", ModalityFace, 0.99, errors.New("ABIS unreachable"), false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := &fixedMatcher{score: tc.score, err: tc.err}
			s := &Service{cfg: Config{Matcher: m, Thresholds: th}}
			d, err := s.decide(context.Background(), Comparison{Modality: tc.modality, Probe: []byte("p"), Reference: []byte("r")})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v", err)
			}
			if err != nil {
				return
			}
			want := th.Face
			if tc.modality == ModalityFinger {
				want = th.Finger
			}
			if d.Match != tc.wantMatch || d.Threshold != want || d.Score != tc.score || d.Engine != "fixed" {
				t.Fatalf("decision %+v", d)
			}
			if r := d.Result(); (r == "match") != tc.wantMatch {
				t.Fatalf("result %q", r)
			}
		})
	}
	if _, err := (&Service{}).decide(context.Background(), Comparison{Modality: ModalityFace}); err == nil {
		t.Fatal("no matcher configured must refuse")
	}
}

func TestWithdrawn(t *testing.T) {
	tests := []struct {
		name          string
		before, after Account
		want          bool
	}{
		{"suspended", Account{Status: Active, Level: 1}, Account{Status: Suspended, Level: 1}, true},
		{"revoked", Account{Status: Active, Level: 2}, Account{Status: Revoked, Level: 2}, true},
		{"pending revoked", Account{Status: Pending, Level: 2}, Account{Status: Revoked, Level: 2}, true},
		{"lowered", Account{Status: Active, Level: 2}, Account{Status: Active, Level: 1}, true},
		{"raised", Account{Status: Active, Level: 1}, Account{Status: Active, Level: 2}, false},
		{"reinstated", Account{Status: Suspended, Level: 2}, Account{Status: Active, Level: 2}, false},
		{"password changed", Account{Status: Active, Level: 2}, Account{Status: Active, Level: 2}, false},
	}
	for _, tc := range tests {
		if got := withdrawn(tc.before, tc.after); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

func TestMaxLevelByAge(t *testing.T) {
	for age, want := range map[int]int{0: 1, 5: 1, 6: 2, 13: 2, 14: 2, 80: 2} {
		if got := MaxLevel(age); got != want {
			t.Errorf("age %d: level %d, want %d", age, got, want)
		}
	}
}

func TestParseIdentifier(t *testing.T) {
	tests := []struct {
		in   string
		want Identifier
		bad  bool
	}{
		{"042090000123", Identifier{IDNumber: "042090000123"}, false},
		{" 0912 345 678 ", Identifier{Phone: "0912345678"}, false},
		{"+84912345678", Identifier{Phone: "0912345678"}, false},
		{"Lan.Tran@Example.VN", Identifier{Email: "lan.tran@example.vn"}, false},
		{"", Identifier{}, true},
		{"not an identifier", Identifier{}, true},
		{"@example.vn", Identifier{}, true},
		{strings.Repeat("9", 300), Identifier{}, true},
	}
	for _, tc := range tests {
		got, err := ParseIdentifier(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("%q: %+v %v", tc.in, got, err)
		}
	}
}

// FuzzParseIdentifier: any input gives exactly one normalised kind or an
// error, never a panic.
func FuzzParseIdentifier(f *testing.F) {
	for _, s := range []string{"042090000123", "0912345678", "+84 912 345 678", "a@b.vn", "", "\x00", "１２３"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseIdentifier(s)
		if err != nil {
			return
		}
		n := 0
		for _, v := range []string{id.IDNumber, id.Phone, id.Email} {
			if v != "" {
				n++
				if !utf8.ValidString(v) {
					t.Fatalf("%q: invalid UTF-8 %q", s, v)
				}
			}
		}
		if n != 1 {
			t.Fatalf("%q: %+v", s, id)
		}
	})
}

func TestCodesAndLabels(t *testing.T) {
	if codeHash("a", "123456") == codeHash("b", "123456") {
		t.Error("equal codes of two accounts must hash apart")
	}
	for range 50 {
		c, err := newCode()
		if err != nil || len(c) != codeDigits || strings.Trim(c, "0123456789") != "" {
			t.Fatalf("code %q %v", c, err)
		}
	}
	if l := cleanLabel(strings.Repeat("é", 200) + "\x00"); utf8.RuneCountInString(l) != maxDeviceLabel {
		t.Errorf("label of %d runes", utf8.RuneCountInString(l))
	}
	if cleanLabel(" \t") != "unknown device" || DeviceID("a", "x") != DeviceID("a", " x ") || DeviceID("a", "x") == DeviceID("b", "x") {
		t.Error("device ids")
	}
}
