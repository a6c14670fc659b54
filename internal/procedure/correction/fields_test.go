package correction

import (
	"errors"
	"strings"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

func TestNormalise(t *testing.T) {
	rec := registry.Citizen{Phone: "0987654321", BloodType: "O", Religion: "00"}
	tests := []struct {
		name    string
		form    Form
		bad     string // the field refused, "" for none
		current string // the first change's recorded current value
		want    string // the first change's normalised value
	}{
		{"phone normalised", Form{Reason: "đổi số", Changes: []Change{{Field: "phone", Requested: "+84 912 345 678"}}}, "", "0987654321", "0912345678"},
		{"blood type", Form{Reason: "xét nghiệm", Changes: []Change{{Field: "blood_type", Requested: "ab"}}}, "", "O", "AB"},
		{"no reason", Form{Changes: []Change{{Field: "phone", Requested: "0912345678"}}}, "reason", "", ""},
		{"nothing asked", Form{Reason: "x"}, "changes", "", ""},
		{"civil status", Form{Reason: "x", Changes: []Change{{Field: "full_name", Requested: "A"}}}, "changes.field", "", ""},
		{"twice", Form{Reason: "x", Changes: []Change{{Field: "email", Requested: "a@b.vn"}, {Field: "email", Requested: "c@d.vn"}}}, "changes.field", "", ""},
		{"bad e-mail", Form{Reason: "x", Changes: []Change{{Field: "email", Requested: "not-an-address"}}}, "email", "", ""},
		{"same value", Form{Reason: "x", Changes: []Change{{Field: "phone", Requested: "0987 654 321"}}}, "phone", "", ""},
		{"control characters", Form{Reason: "x", Changes: []Change{{Field: "birth_place", Requested: "Hà\x01Tĩnh"}}}, "birth_place", "", ""},
		{"too long", Form{Reason: "x", Changes: []Change{{Field: "other_name", Requested: strings.Repeat("a", 201)}}}, "other_name", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.form
			err := normalise(&f, rec)
			if tt.bad == "" {
				if err != nil {
					t.Fatal(err)
				}
				if f.Changes[0].Current != tt.current || f.Changes[0].Requested != tt.want {
					t.Fatalf("change %+v, want current %q requested %q", f.Changes[0], tt.current, tt.want)
				}
				return
			}
			var ae *apperr.Error
			if !apperr.Is(err, apperr.Invalid) || !errors.As(err, &ae) || !hasField(ae, tt.bad) {
				t.Fatalf("want a refusal of %s, got %v", tt.bad, err)
			}
		})
	}
}

func hasField(ae *apperr.Error, field string) bool {
	for _, f := range ae.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
