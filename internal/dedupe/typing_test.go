package dedupe

import (
	"slices"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// A sex box ticked wrong on a form that agrees on name, full birth date
// and family goes to review; twins of different sex in one household,
// and strangers who share a name and a birthday, stay apart.
func TestSexSlipGoesToReviewButTwinsOfDifferentSexStayApart(t *testing.T) {
	pop := population(5000)
	base := registry.Citizen{FullName: "Lý Văn Khải", BirthDate: pdate.Full(2001, 3, 9), Sex: registry.Male,
		Father: registry.PersonRef{Name: "Lý Văn Thông"}, Mother: registry.PersonRef{Name: "Đào Thị Mận"}, HouseholdRef: "HK-77",
		Permanent: registry.Residence{Commune: "18073", Address: "Thôn 3"}}
	with := func(ref string, fn func(*registry.Citizen)) registry.Citizen {
		c := base
		c.RecordRef = ref
		fn(&c)
		return c
	}
	female := func(c *registry.Citizen) { c.Sex = registry.Female }
	tests := []struct {
		name string
		a, b registry.Citizen
		want Decision
		veto Veto
	}{
		{"sex box wrong, all else agrees", with("a", func(*registry.Citizen) {}), with("b", female), Review, VetoSexSlip},
		{"sex box wrong, parents agree, household not given", with("a", func(*registry.Citizen) {}),
			with("b", func(c *registry.Citizen) { female(c); c.HouseholdRef = ""; c.Permanent = registry.Residence{} }), Review, VetoSexSlip},
		{"sex box wrong and Thị written for Văn", with("a", func(*registry.Citizen) {}),
			with("b", func(c *registry.Citizen) { female(c); c.FullName = "Lý Thị Khải" }), Review, VetoSexSlip},
		{"twins of different sex in one household", with("a", func(*registry.Citizen) {}),
			with("b", func(c *registry.Citizen) { female(c); c.FullName = "Lý Thị Khuê" }), Distinct, VetoSex},
		{"brother and sister one letter apart", with("a", func(c *registry.Citizen) { c.FullName = "Lý Văn An" }),
			with("b", func(c *registry.Citizen) { female(c); c.FullName = "Lý Văn Anh" }), Distinct, VetoSex},
		{"same name and birthday, other parents", with("a", func(*registry.Citizen) {}),
			with("b", func(c *registry.Citizen) {
				female(c)
				c.HouseholdRef, c.Permanent = "HK-90", registry.Residence{Commune: "18074"}
				c.Father = registry.PersonRef{Name: "Lý Văn Bảy"}
			}), Distinct, VetoSex},
		{"sex box wrong but only the birth year in common", with("a", func(*registry.Citizen) {}),
			with("b", func(c *registry.Citizen) { female(c); c.BirthDate = pdate.Date{Year: 2001} }), Distinct, VetoSex},
	}
	runDecisions(t, pop, tests)
}

// Telex typed without the input method leaves its keys in the name; the
// name they stand for is recognised, and a key slip onto a tone key is
// not mistaken for one.
func TestTelexLeftoversCompareAsTheName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"nguyeenx", "nguyen"}, {"hoafng", "hoang"}, {"ddinhf", "dinh"}, {"vawn", "van"}, {"thuwf", "thu"},
		{"khooi", "khoi"}, {"anh", "anh"}, {"xuan", "xuan"}, {"trang", "trang"}, {"nga", "nga"},
	} {
		if got := undoTelex(tt.in); got != tt.want {
			t.Errorf("undoTelex(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		a, b string
		want NameOutcome
	}{
		{"Nguyeenx Vawn Hungf", "Nguyễn Văn Hùng", NameTypo},
		{"Traafn Thij Lan", "Trần Thị Lan", NameTypo},
		{"Nguyễn Văn Anj", "Nguyễn Văn Anh", NameTypo}, // a slip: typed, not undone
		{"Nguyeenx Vawn Hungf", "Nguyễn Văn Dũng", NameDiffer},
	} {
		if got := CompareNames(ParseName(tt.a), ParseName(tt.b)); got != tt.want {
			t.Errorf("CompareNames(%q, %q) = %s, want %s", tt.a, tt.b, got, tt.want)
		}
	}
}

// Words run together or split elsewhere are one name typed: a capital
// inside a word marks a missing space, and names equal once their spaces
// are removed compare as a slip.
func TestNamesSplitDifferentlyCompareAsOne(t *testing.T) {
	if got := ParseName("Nguyễn MinhYến").Tokens; !slices.Equal(got, []string{"nguyen", "minh", "yen"}) {
		t.Errorf("ParseName(Nguyễn MinhYến) = %v", got)
	}
	for _, tt := range []struct {
		a, b string
		want NameOutcome
	}{
		{"NGUYỄN MINHYẾN", "Nguyễn Minh Yến", NameTypo},
		{"Nguyễn Minh Yến", "nguyễn minhyến", NameTypo},
		{"NguyễnMinh Yến", "Nguyễn Minh Yến", NameExact}, // the capital marks the space
	} {
		if got := CompareNames(ParseName(tt.a), ParseName(tt.b)); got != tt.want {
			t.Errorf("CompareNames(%q, %q) = %s, want %s", tt.a, tt.b, got, tt.want)
		}
	}
	if got := CompareNames(ParseName("Nguyễn Minh Yến"), ParseName("Nguyễn Minh Yến Anh")); got == NameTypo {
		t.Errorf("a longer name is not a missing space: got %s", got)
	}
}

// A form that gives the name used at home keeps the formal name in the
// other-name box: the pair is one person, whether the box holds the
// given name or the full name; an unrelated other name does not join
// twins.
func TestOtherNameStandsForTheName(t *testing.T) {
	pop := population(5000)
	base := registry.Citizen{FullName: "Lý Văn Khải", BirthDate: pdate.Full(2001, 3, 9), Sex: registry.Male,
		Mother: registry.PersonRef{Name: "Đào Thị Mận"}, Permanent: registry.Residence{Commune: "18073"}}
	with := func(ref string, fn func(*registry.Citizen)) registry.Citizen {
		c := base
		c.RecordRef = ref
		fn(&c)
		return c
	}
	tests := []struct {
		name string
		a, b registry.Citizen
		want Decision
		veto Veto
	}{
		{"home name, given name in the other-name box", with("a", func(*registry.Citizen) {}),
			with("b", func(c *registry.Citizen) { c.FullName, c.OtherName = "Lý Văn Tèo", "Khải" }), Match, ""},
		{"home name, full name in the other-name box", with("a", func(*registry.Citizen) {}),
			with("b", func(c *registry.Citizen) { c.FullName, c.OtherName = "Lý Văn Tèo", "Lý Văn Khải" }), Match, ""},
		{"twins, one with an unrelated other name", with("a", func(*registry.Citizen) {}),
			with("b", func(c *registry.Citizen) { c.FullName, c.OtherName = "Lý Văn Khang", "Bé" }), Distinct, VetoTwins},
	}
	runDecisions(t, pop, tests)
}

// Blocking files a record whose name was typed in Telex, run together, or
// replaced by a home name under a key its clean copy also has.
func TestBlockingKeysReachNamesTypedOrGivenDifferently(t *testing.T) {
	clean := registry.Citizen{FullName: "Nguyễn Minh Yến", BirthDate: pdate.Full(1990, 5, 17), Sex: registry.Female,
		Permanent: registry.Residence{Commune: "18001"}}
	for _, tt := range []struct {
		name string
		edit func(*registry.Citizen)
	}{
		{"telex, moved, no household", func(c *registry.Citizen) { c.FullName = "Nguyeenx Minh Yeens"; c.Permanent.Commune = "19002" }},
		{"space missing, moved, month slipped", func(c *registry.Citizen) {
			c.FullName = "nguyễn minhyến"
			c.Permanent.Commune = "19002"
			c.BirthDate = pdate.Full(1990, 6, 17)
		}},
		{"home name, moved, day slipped", func(c *registry.Citizen) {
			c.FullName, c.OtherName = "Nguyễn Minh Bống", "Yến"
			c.Permanent.Commune = "19002"
			c.BirthDate = pdate.Full(1990, 5, 18)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			copyC := clean
			tt.edit(&copyC)
			a, b := Prepare(clean), Prepare(copyC)
			var ka, kb keySet
			blockingKeys(&a, &ka)
			blockingKeys(&b, &kb)
			for i := range kb.len() {
				for j := range ka.len() {
					if string(kb.key(i)) == string(ka.key(j)) {
						return
					}
				}
			}
			t.Errorf("no blocking key in common between %q and %q", clean.FullName, copyC.FullName)
		})
	}
}

// The regional spellings of one surname (Hoàng / Huỳnh) are one surname;
// other surnames are not, and a given name Hoàng is not a Huỳnh.
func TestRegionalSurnameSpellingsAreOneSurname(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want NameOutcome
	}{
		{"Huỳnh Văn An", "Hoàng Văn An", NameTypo},
		{"Hoàng Thị Mai Lan", "Huỳnh Thị Mai Lan", NameTypo},
		{"Trần Văn An", "Hoàng Văn An", NameDiffer},
		{"Nguyễn Văn Hoàng", "Nguyễn Văn Huỳnh", NameDiffer},
	} {
		if got := CompareNames(ParseName(tt.a), ParseName(tt.b)); got != tt.want {
			t.Errorf("CompareNames(%q, %q) = %s, want %s", tt.a, tt.b, got, tt.want)
		}
	}
}
