package idnumber

// provincePrefixes maps the 63 birth-registration province codes (Phụ lục I of
// TT 07/2016, carried over into TT 59/2021) to province names as printed
// there. These are the pre-2025 provinces: after the 01/07/2025 merger the
// prefixes keep this meaning (domain.md §1.3 and finding 5).
var provincePrefixes = map[string]string{
	"001": "Hà Nội",
	"002": "Hà Giang",
	"004": "Cao Bằng",
	"006": "Bắc Kạn",
	"008": "Tuyên Quang",
	"010": "Lào Cai",
	"011": "Điện Biên",
	"012": "Lai Châu",
	"014": "Sơn La",
	"015": "Yên Bái",
	"017": "Hòa Bình",
	"019": "Thái Nguyên",
	"020": "Lạng Sơn",
	"022": "Quảng Ninh",
	"024": "Bắc Giang",
	"025": "Phú Thọ",
	"026": "Vĩnh Phúc",
	"027": "Bắc Ninh",
	"030": "Hải Dương",
	"031": "Hải Phòng",
	"033": "Hưng Yên",
	"034": "Thái Bình",
	"035": "Hà Nam",
	"036": "Nam Định",
	"037": "Ninh Bình",
	"038": "Thanh Hóa",
	"040": "Nghệ An",
	"042": "Hà Tĩnh",
	"044": "Quảng Bình",
	"045": "Quảng Trị",
	"046": "Thừa Thiên Huế",
	"048": "Đà Nẵng",
	"049": "Quảng Nam",
	"051": "Quảng Ngãi",
	"052": "Bình Định",
	"054": "Phú Yên",
	"056": "Khánh Hòa",
	"058": "Ninh Thuận",
	"060": "Bình Thuận",
	"062": "Kon Tum",
	"064": "Gia Lai",
	"066": "Đắk Lắk",
	"067": "Đắk Nông",
	"068": "Lâm Đồng",
	"070": "Bình Phước",
	"072": "Tây Ninh",
	"074": "Bình Dương",
	"075": "Đồng Nai",
	"077": "Bà Rịa - Vũng Tàu",
	"079": "Hồ Chí Minh",
	"080": "Long An",
	"082": "Tiền Giang",
	"083": "Bến Tre",
	"084": "Trà Vinh",
	"086": "Vĩnh Long",
	"087": "Đồng Tháp",
	"089": "An Giang",
	"091": "Kiên Giang",
	"092": "Cần Thơ",
	"093": "Hậu Giang",
	"094": "Sóc Trăng",
	"095": "Bạc Liêu",
	"096": "Cà Mau",
}

// ProvinceName returns the province a prefix denotes and whether the prefix
// is one of the 63 known province codes. An unknown prefix may still be a
// valid country code for a birth registered abroad.
func ProvinceName(prefix string) (name string, ok bool) {
	name, ok = provincePrefixes[prefix]
	return name, ok
}

// KnownPrefix reports whether prefix is one of the 63 province codes.
func KnownPrefix(prefix string) bool {
	_, ok := provincePrefixes[prefix]
	return ok
}
