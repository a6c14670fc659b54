package units

import "testing"

// All 63 prefixes of TT 07/2016 Phụ lục I (domain.md §1.3), with the
// province as named there.
var idPrefixes = []struct{ prefix, name string }{
	{"001", "Hà Nội"}, {"002", "Hà Giang"}, {"004", "Cao Bằng"}, {"006", "Bắc Kạn"},
	{"008", "Tuyên Quang"}, {"010", "Lào Cai"}, {"011", "Điện Biên"}, {"012", "Lai Châu"},
	{"014", "Sơn La"}, {"015", "Yên Bái"}, {"017", "Hòa Bình"}, {"019", "Thái Nguyên"},
	{"020", "Lạng Sơn"}, {"022", "Quảng Ninh"}, {"024", "Bắc Giang"}, {"025", "Phú Thọ"},
	{"026", "Vĩnh Phúc"}, {"027", "Bắc Ninh"}, {"030", "Hải Dương"}, {"031", "Hải Phòng"},
	{"033", "Hưng Yên"}, {"034", "Thái Bình"}, {"035", "Hà Nam"}, {"036", "Nam Định"},
	{"037", "Ninh Bình"}, {"038", "Thanh Hóa"}, {"040", "Nghệ An"}, {"042", "Hà Tĩnh"},
	{"044", "Quảng Bình"}, {"045", "Quảng Trị"}, {"046", "Thừa Thiên Huế"}, {"048", "Đà Nẵng"},
	{"049", "Quảng Nam"}, {"051", "Quảng Ngãi"}, {"052", "Bình Định"}, {"054", "Phú Yên"},
	{"056", "Khánh Hòa"}, {"058", "Ninh Thuận"}, {"060", "Bình Thuận"}, {"062", "Kon Tum"},
	{"064", "Gia Lai"}, {"066", "Đắk Lắk"}, {"067", "Đắk Nông"}, {"068", "Lâm Đồng"},
	{"070", "Bình Phước"}, {"072", "Tây Ninh"}, {"074", "Bình Dương"}, {"075", "Đồng Nai"},
	{"077", "Bà Rịa - Vũng Tàu"}, {"079", "Hồ Chí Minh"}, {"080", "Long An"}, {"082", "Tiền Giang"},
	{"083", "Bến Tre"}, {"084", "Trà Vinh"}, {"086", "Vĩnh Long"}, {"087", "Đồng Tháp"},
	{"089", "An Giang"}, {"091", "Kiên Giang"}, {"092", "Cần Thơ"}, {"093", "Hậu Giang"},
	{"094", "Sóc Trăng"}, {"095", "Bạc Liêu"}, {"096", "Cà Mau"},
}

func TestIDPrefixProvince(t *testing.T) {
	if len(idPrefixes) != 63 {
		t.Fatalf("table has %d prefixes, want 63", len(idPrefixes))
	}
	// The regulation's names differ from the GSO list in two places.
	gsoName := map[string]string{"Hòa Bình": "Hoà Bình", "Thừa Thiên Huế": "Huế"}
	for _, tt := range idPrefixes {
		u, ok := IDPrefixProvince(tt.prefix)
		want := tt.name
		if g, ok := gsoName[want]; ok {
			want = g
		}
		if !ok || u.Name != want || u.Code != tt.prefix[1:] || u.List != List2025March || u.Level != Province {
			t.Errorf("IDPrefixProvince(%s) = %+v, %v; want %s", tt.prefix, u, ok, want)
		}
		p, ok := IDPrefixFor(tt.prefix[1:])
		if !ok || p != tt.prefix {
			t.Errorf("IDPrefixFor(%s) = %q, %v; want %s", tt.prefix[1:], p, ok, tt.prefix)
		}
	}
	// Every province of the old list has a prefix, and no other.
	if n := len(Default().Provinces(List2025March)); n != len(idPrefixes) {
		t.Errorf("old list has %d provinces, want %d", n, len(idPrefixes))
	}
}

func TestIDPrefixUnknown(t *testing.T) {
	for _, p := range []string{"", "0", "01", "0001", "003", "099", "000", "100", "142", "a42", "04a", "042 "} {
		if u, ok := IDPrefixProvince(p); ok {
			t.Errorf("IDPrefixProvince(%q) = %+v, want not ok", p, u)
		}
	}
	for _, code := range []string{"", "1", "03", "001", "00004", "99"} {
		if p, ok := IDPrefixFor(code); ok {
			t.Errorf("IDPrefixFor(%q) = %q, want not ok", code, p)
		}
	}
}
