package face

import (
	"fmt"

	"dancu/internal/card"
	"dancu/internal/person"
)

// wording is what a card model prints as labels. Labels are bilingual
// (Vietnamese / English) as on the cards themselves.
type wording struct {
	title, titleEN                    string
	number, name                      string
	birthDate, sex, nationality       string
	residence, origin                 string
	marks                             string // empty: the model prints no identifying marks
	issueDate, expiryDate, issuePlace string
}

var wordings = map[card.Regime]wording{
	// Luật Căn cước 2023 (TT 16/2024/TT-BCA): birth registration place
	// replaces home town, and there are no identifying marks.
	card.Regime2023: {
		title: "CĂN CƯỚC", titleEN: "IDENTITY CARD",
		number:      "Số định danh cá nhân / Personal identification number",
		name:        "Họ, chữ đệm và tên khai sinh / Surname, middle name and given name",
		birthDate:   "Ngày, tháng, năm sinh / Date of birth:",
		sex:         "Giới tính / Sex:",
		nationality: "Quốc tịch / Nationality:",
		residence:   "Nơi cư trú / Place of residence",
		origin:      "Nơi đăng ký khai sinh / Place of birth registration",
		issueDate:   "Ngày, tháng, năm cấp / Date of issue:",
		expiryDate:  "Ngày, tháng, năm hết hạn / Date of expiry:",
		issuePlace:  "Nơi cấp:",
	},
	// Luật CCCD 2014 chip card, simplified onto the same layout.
	card.Regime2014: {
		title: "CĂN CƯỚC CÔNG DÂN", titleEN: "CITIZEN IDENTITY CARD",
		number:      "Số / No.",
		name:        "Họ và tên / Full name",
		birthDate:   "Ngày sinh / Date of birth:",
		sex:         "Giới tính / Sex:",
		nationality: "Quốc tịch / Nationality:",
		residence:   "Nơi thường trú / Place of residence",
		origin:      "Quê quán / Place of origin",
		marks:       "Đặc điểm nhân dạng / Personal identification",
		issueDate:   "Ngày, tháng, năm cấp / Date of issue:",
		expiryDate:  "Có giá trị đến / Date of expiry:",
		issuePlace:  "Nơi cấp:",
	},
}

func wordingFor(r card.Regime) (wording, error) {
	w, ok := wordings[r]
	if !ok {
		return wording{}, fmt.Errorf("face: no card layout for regime %q", r)
	}
	return w, nil
}

// origin is the place printed under the origin label: where the birth
// was registered (2023 card) or the home town (2014 card).
func origin(c card.Card) string {
	if c.Regime == card.Regime2014 {
		return c.Hometown
	}
	return c.BirthRegistration
}

func sexText(s person.Sex) string {
	switch s {
	case person.Male:
		return "Nam"
	case person.Female:
		return "Nữ"
	}
	return ""
}

// expiryText prints a zero expiry as the cards do for holders past the
// last milestone.
func expiryText(c card.Card) string {
	if c.ExpiryDate.IsZero() {
		return "Không thời hạn"
	}
	return c.ExpiryDate.DDMMYYYY()
}

func issuePlace(c card.Card) string {
	if c.IssuedBy == "" {
		return "Bộ Công an"
	}
	return c.IssuedBy
}
