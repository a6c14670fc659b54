package residence

import "dancu/internal/registry"

// Ground is a legal ground of deleting a residence registration.
type Ground struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	Basis  string `json:"basis"`
}

// Registrations a deletion applies to.
const (
	Permanent = "permanent"
	Temporary = "temporary"
)

// Ground codes beyond registry.DeletedForDeath.
const (
	GroundRegisteredElsewhere = "registered_elsewhere"
	GroundPermanentHere       = "permanent_here"
	GroundExpired             = "expired"
)

// PermanentGrounds are the grounds of Luật Cư trú 2020 art. 24(1), and
// the registration of a new permanent residence elsewhere (art. 22, the
// old commune's deletion that follows it).
var PermanentGrounds = []Ground{
	{registry.DeletedForDeath, "Chết, bị Tòa án tuyên bố mất tích hoặc đã chết", "Died, or declared missing or dead by a court", "Luật Cư trú 2020 Điều 24.1.a"},
	{"emigrated", "Ra nước ngoài để định cư", "Emigrated", "Luật Cư trú 2020 Điều 24.1.b"},
	{"annulled", "Có quyết định hủy bỏ đăng ký thường trú", "Registration annulled (art. 35)", "Luật Cư trú 2020 Điều 24.1.c"},
	{"absent_12_months", "Vắng mặt liên tục từ 12 tháng trở lên mà không đăng ký tạm trú hoặc khai báo tạm vắng", "Absent 12 months or more without tạm trú or tạm vắng", "Luật Cư trú 2020 Điều 24.1.d"},
	{"nationality_lost", "Thôi, bị tước quốc tịch Việt Nam hoặc bị hủy quyết định cho nhập quốc tịch", "Vietnamese nationality renounced, withdrawn or its grant annulled", "Luật Cư trú 2020 Điều 24.1.đ"},
	{"tenancy_ended", "Chấm dứt thuê, mượn, ở nhờ quá 12 tháng chưa đăng ký nơi mới", "Rent or loan ended 12 months ago without a new registration", "Luật Cư trú 2020 Điều 24.1.e"},
	{"ownership_transferred", "Chỗ ở đã chuyển quyền sở hữu quá 12 tháng chưa đăng ký nơi mới", "Home transferred 12 months ago without a new registration", "Luật Cư trú 2020 Điều 24.1.g"},
	{"not_allowed_to_stay", "Không được người cho thuê, cho mượn, cho ở nhờ đồng ý giữ đăng ký", "The lessor or lender does not consent to keep the registration", "Luật Cư trú 2020 Điều 24.1.h"},
	{"home_demolished", "Chỗ ở bị phá dỡ, tịch thu hoặc phương tiện bị xóa đăng ký", "Home demolished or confiscated, vehicle deregistered", "Luật Cư trú 2020 Điều 24.1.i"},
	{GroundRegisteredElsewhere, "Đã đăng ký thường trú tại nơi ở mới", "Registered permanent residence at a new place", "Luật Cư trú 2020 Điều 22; NĐ 154/2024"},
}

// TemporaryGrounds are the grounds of art. 29(1), and the end of the term.
var TemporaryGrounds = []Ground{
	{registry.DeletedForDeath, "Chết, bị Tòa án tuyên bố mất tích hoặc đã chết", "Died, or declared missing or dead by a court", "Luật Cư trú 2020 Điều 29.1.a"},
	{"annulled", "Có quyết định hủy bỏ đăng ký tạm trú", "Registration annulled (art. 35)", "Luật Cư trú 2020 Điều 29.1.b"},
	{"absent_6_months", "Vắng mặt liên tục tại nơi tạm trú từ 06 tháng trở lên mà không khai báo tạm vắng", "Absent from the temporary residence 6 months or more without tạm vắng", "Luật Cư trú 2020 Điều 29.1.c"},
	{"nationality_lost", "Thôi, bị tước quốc tịch Việt Nam hoặc bị hủy quyết định cho nhập quốc tịch", "Vietnamese nationality renounced, withdrawn or its grant annulled", "Luật Cư trú 2020 Điều 29.1.d"},
	{GroundPermanentHere, "Đã được đăng ký thường trú tại chính nơi tạm trú", "Registered permanent residence at the same place", "Luật Cư trú 2020 Điều 29.1.đ"},
	{"tenancy_ended", "Chấm dứt thuê, mượn, ở nhờ mà không đăng ký tạm trú nơi khác", "Rent or loan ended without registering elsewhere", "Luật Cư trú 2020 Điều 29.1.e"},
	{"ownership_transferred", "Chỗ ở đã chuyển quyền sở hữu, chủ mới không đồng ý", "Home transferred, the new owner does not consent", "Luật Cư trú 2020 Điều 29.1.g"},
	{"home_demolished", "Chỗ ở bị phá dỡ, tịch thu hoặc phương tiện bị xóa đăng ký", "Home demolished or confiscated, vehicle deregistered", "Luật Cư trú 2020 Điều 29.1.h"},
	{GroundExpired, "Hết thời hạn tạm trú mà không gia hạn", "Term ended without an extension", "Luật Cư trú 2020 Điều 27.3, 28"},
}

// GroundOf finds the ground code of registration ("permanent" or
// "temporary").
func GroundOf(registration, code string) (Ground, bool) {
	list := PermanentGrounds
	if registration == Temporary {
		list = TemporaryGrounds
	}
	for _, g := range list {
		if g.Code == code {
			return g, true
		}
	}
	return Ground{}, false
}
