package ui

// civilStrings are the civil-status and ID-number forms' strings, merged
// into the catalogue (kept apart so these forms change one file).
var civilStrings = map[string][2]string{
	"civ.title":       {"Hộ tịch và số định danh", "Civil status and ID number"},
	"civ.choose":      {"Chọn thủ tục cần tiếp nhận.", "Choose the procedure to receive."},
	"civ.immediate":   {"ghi nhận ngay khi tiếp nhận (đã được cơ quan hộ tịch giải quyết)", "recorded on reception (decided by the civil-status authority)"},
	"civ.certificate": {"Số trích lục, quyết định hộ tịch", "Civil-status extract or decision number"},
	"civ.person":      {"Số định danh của người được đăng ký", "ID number of the person concerned"},
	"civ.child":       {"Số định danh của con", "The child's ID number"}, "civ.childname": {"Họ, chữ đệm và tên của trẻ", "The child's full name"},
	"civ.male": {"Nam", "Male"}, "civ.female": {"Nữ", "Female"}, "civ.birthplace": {"Nơi sinh", "Place of birth"},
	"civ.regplace": {"Nơi đăng ký khai sinh (mã xã, phường)", "Birth registration place (commune code)"},
	"civ.father":   {"Số định danh của cha", "The father's ID number"}, "civ.mother": {"Số định danh của mẹ", "The mother's ID number"},
	"civ.household": {"Đăng ký thường trú vào hộ của", "Registered in the household of"},
	"civ.of.mother": {"Mẹ", "The mother"}, "civ.of.father": {"Cha", "The father"},
	"civ.deathdate": {"Ngày chết", "Date of death"}, "civ.deathplace": {"Nơi chết", "Place of death"},
	"civ.spouse": {"Số định danh của vợ, chồng", "The spouse's ID number"}, "civ.date": {"Ngày đăng ký, có hiệu lực", "Registered or effective on"},
	"civ.as": {"Nhận là", "Recognised as"}, "civ.as.father": {"Cha", "Father"}, "civ.as.mother": {"Mẹ", "Mother"},
	"civ.parent":     {"Số định danh của cha, mẹ (nếu có trong CSDL)", "The parent's ID number (if in the register)"},
	"civ.parentname": {"Họ tên cha, mẹ (nếu không có trong CSDL)", "The parent's name (if not in the register)"},
	"civ.ground":     {"Căn cứ", "Ground"}, "civ.onlygiven": {"Chỉ điền thông tin được thay đổi, cải chính.", "Fill in only what changes."},
	"civ.newname": {"Họ, chữ đệm và tên mới", "New full name"}, "civ.hometown": {"Quê quán (mã tỉnh, xã)", "Hometown (province or commune code)"},
	"civ.clear":        {"Xóa số CMND ghi nhầm", "Remove a CMND number recorded in error"},
	"civ.document":     {"Giấy tờ làm căn cứ", "Supporting document"},
	"civ.g.correction": {"Cải chính hộ tịch", "Correction"}, "civ.g.change": {"Thay đổi hộ tịch", "Change"},
	"civ.g.sex_redetermination":       {"Xác định lại giới tính", "Sex re-determined"},
	"civ.g.ethnicity_redetermination": {"Xác định lại dân tộc", "Ethnicity re-determined"},
	"civ.g.supplement":                {"Bổ sung thông tin hộ tịch", "Supplement"},
	"civ.g.entry_error":               {"Sai sót khi nhập nơi đăng ký khai sinh, năm sinh, giới tính", "Data-entry error (birth registration place, birth year, sex)"},
	"civ.g.sex_redetermined":          {"Đã xác định lại giới tính", "Sex re-determined"},
	"civ.g.birth_year_corrected":      {"Đã cải chính năm sinh", "Birth year corrected"},
	"civ.g.no_number":                 {"Chưa có số định danh", "No number yet"},
	"civ.g.issued_in_error":           {"Cấp nhầm", "Issued in error"}, "civ.g.duplicate_record": {"Trùng hồ sơ", "Duplicate record"},
}

func init() {
	for k, v := range civilStrings {
		catalogue[k] = v
	}
}
