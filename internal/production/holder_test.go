package production

import (
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/units"
)

func TestHolderPrintsNamesNotCodes(t *testing.T) {
	cat := units.Default()
	commune, _ := cat.Lookup(units.List2025July, "18073")
	province, _ := cat.ProvinceOf(units.List2025July, "18073")
	c := registry.Citizen{
		IDNumber: "042090000123", OldIDNumber: "183456789", FullName: "Nguyễn Văn Hùng",
		BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, Ethnicity: "01", Religion: "00", Nationality: "VN",
		Permanent:         registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"},
		BirthRegistration: registry.Place{Code: "18073", List: string(units.List2025July), Text: "as written"},
		Hometown:          registry.Place{Text: "Xã Cũ, Huyện Cũ"},
		Father:            registry.PersonRef{Name: "Nguyễn Văn Hải"},
		Mother:            registry.PersonRef{Name: "Trần Thị Lan"},
	}
	got := Holder(c, cat)
	wantPlace := commune.FullName + ", " + province.FullName
	tests := []struct{ field, got, want string }{
		{"number", got.Number, "042090000123"},
		{"old number", got.OldIDNumber, "183456789"},
		{"nationality", got.Nationality, "Việt Nam"},
		{"ethnicity", got.Ethnicity, "Kinh"},
		{"religion", got.Religion, "Không"},
		{"birth registration", got.BirthRegistration, wantPlace},
		{"hometown (text only)", got.Hometown, "Xã Cũ, Huyện Cũ"},
		{"residence", got.Residence, "Thôn 3, " + wantPlace},
		{"father", got.FatherName, "Nguyễn Văn Hải"},
		{"mother", got.MotherName, "Trần Thị Lan"},
		{"issued by", got.IssuedBy, "Bộ Công an"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.field, tt.got, tt.want)
		}
	}
	if commune.FullName == "" || province.FullName == "" {
		t.Fatal("test unit 18073 is not in the 2025-07-01 list")
	}
}

func TestHolderFallsBackToFormText(t *testing.T) {
	c := registry.Citizen{BirthRegistration: registry.Place{Code: "99999", List: string(units.List2025July), Text: "Bệnh viện X"}, Religion: "01", Nationality: "LA"}
	got := Holder(c, units.Default())
	if got.BirthRegistration != "Bệnh viện X" || got.Nationality != "LA" || got.Religion == "Không" || got.Religion == "" {
		t.Errorf("unknown code: %+v", got)
	}
}
