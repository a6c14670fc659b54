package registry

import (
	"fmt"
	"strconv"
	"strings"

	"dancu/internal/person"
	"dancu/internal/textfold"
)

// Ethnicities is the QĐ 121-TCTK/PPCĐ (1979) list, the numbering most
// e-government systems use (domain.md §10.1). Index i holds code i+1.
var Ethnicities = []string{
	"Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "HMông", "Dao", "Gia-rai",
	"Ngái", "Ê-đê", "Ba-na", "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
	"Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co",
	"Tà-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí", "La Ha", "Phù Lá",
	"La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Co Lao", "Cống", "Bố Y", "Si La",
	"Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm",
}

// Religions is the QĐ 1019/QĐ-TCTK list (domain.md §10.2); code 00 is
// "no religion". Index i holds code i.
var Religions = []string{
	"Không", "Phật giáo", "Công giáo", "Phật giáo Hòa Hảo", "Hồi giáo", "Cao Đài", "Minh Sư đạo",
	"Minh Lý đạo", "Tin Lành", "Tịnh độ Cư sĩ Phật hội Việt Nam", "Đạo Tứ Ân Hiếu Nghĩa",
	"Bửu Sơn Kỳ Hương", "Đạo Baha'i", "Bà La Môn", "Mặc Môn",
}

var (
	ethnicityByKey = keyIndex(Ethnicities, 1)
	religionByKey  = keyIndex(Religions, 0)
)

// keyIndex maps a folded name without punctuation to its 2-digit code.
func keyIndex(names []string, first int) map[string]string {
	m := make(map[string]string, len(names))
	for i, n := range names {
		m[nameKey(n)] = fmt.Sprintf("%02d", i+first)
	}
	return m
}

var nameKeyDrop = strings.NewReplacer("-", "", " ", "", "'", "")

func nameKey(s string) string { return nameKeyDrop.Replace(textfold.Fold(s)) }

// EthnicityCode accepts a 2-digit code or a name ("Khơ me", "khome") and
// returns the code.
func EthnicityCode(s string) (string, error) {
	return lookupCode(s, ethnicityByKey, 1, len(Ethnicities), "ethnicity")
}

// ReligionCode accepts a 2-digit code (00 = none) or a name.
func ReligionCode(s string) (string, error) {
	return lookupCode(s, religionByKey, 0, len(Religions)-1, "religion")
}

func lookupCode(s string, byKey map[string]string, lo, hi int, what string) (string, error) {
	if n, err := strconv.Atoi(s); err == nil && len(s) <= 2 {
		if n < lo || n > hi {
			return "", fmt.Errorf("unknown %s code %q (valid %02d–%02d)", what, s, lo, hi)
		}
		if n >= 0 && n < 10 { // fmt's %02d, without fmt: a few calls per imported record
			return "0" + strconv.Itoa(n), nil
		}
		return strconv.Itoa(n), nil
	}
	if code, ok := byKey[nameKey(s)]; ok {
		return code, nil
	}
	return "", fmt.Errorf("unknown %s %q", what, s)
}

// EthnicityName returns the name for a code, or "" if unknown.
func EthnicityName(code string) string {
	n, err := strconv.Atoi(code)
	if err != nil || n < 1 || n > len(Ethnicities) {
		return ""
	}
	return Ethnicities[n-1]
}

// ReligionName returns the name for a code, or "" if unknown.
func ReligionName(code string) string {
	n, err := strconv.Atoi(code)
	if err != nil || n < 0 || n >= len(Religions) {
		return ""
	}
	return Religions[n]
}

// relationWords maps accepted relation-to-head values to canonical ones.
var relationWords = map[string]string{
	"head": "head", "spouse": "spouse", "child": "child", "parent": "parent",
	"grandchild": "grandchild", "sibling": "sibling", "other": "other",
	"chu ho": "head", "vo": "spouse", "chong": "spouse", "con": "child",
	"cha": "parent", "me": "parent", "bo": "parent", "chau": "grandchild",
	"anh": "sibling", "chi": "sibling", "em": "sibling", "khac": "other",
}

// RelationToHead canonicalises the household relation.
func RelationToHead(s string) (string, error) {
	if r, ok := relationWords[textfold.Fold(s)]; ok {
		return r, nil
	}
	return "", fmt.Errorf("unknown relation to household head %q (use head, spouse, child, parent, grandchild, sibling, other or the Vietnamese word)", s)
}

var maritalWords = map[string]string{
	"single": "single", "married": "married", "divorced": "divorced", "widowed": "widowed",
	"chua ket hon": "single", "doc than": "single", "da ket hon": "married", "co vo": "married", "co chong": "married",
	"ly hon": "divorced", "da ly hon": "divorced", "goa": "widowed", "goa vo": "widowed", "goa chong": "widowed",
}

// MaritalStatus canonicalises the marital status.
func MaritalStatus(s string) (string, error) {
	if r, ok := maritalWords[textfold.Fold(s)]; ok {
		return r, nil
	}
	return "", fmt.Errorf("unknown marital status %q (use single, married, divorced or widowed)", s)
}

// ParseSex accepts M/F and Nam/Nữ in any case.
func ParseSex(s string) (Sex, error) { return person.ParseSex(s) }
