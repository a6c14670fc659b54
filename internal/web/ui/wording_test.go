package ui

import (
	"testing"

	"dancu/internal/card"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// TestVietnameseWording protects three texts officers read: the fee basis
// on the receipt was an English sentence, the nationality a code ("VN"),
// and a coded place whose text is its unit's name was printed twice
// ("Xã Mai Phụ · Xã Mai Phụ"). Vietnamese is the default, English on request.
func TestVietnameseWording(t *testing.T) {
	vi, en := &view{Lang: langVI}, &view{Lang: langEN}
	app := func(a card.Application) string {
		fee, err := card.ApplicationFee(a)
		if err != nil {
			t.Fatal(err)
		}
		return fee.Basis
	}
	first := app(card.Application{Kind: card.FirstIssuance, Received: pdate.Full(2025, 8, 1)})
	for _, tc := range []struct {
		basis, vi, en string
	}{
		{first, "Cấp thẻ lần đầu: miễn lệ phí", "First issuance: free of charge"},
		{"first issuance is free", "Cấp thẻ lần đầu: miễn lệ phí", "First issuance: free of charge"}, // stored before
		{app(card.Application{Kind: card.Conversion, Received: pdate.Full(2025, 8, 1)}),
			"TT 64/2025/TT-BTC (bằng 50 % mức thu tại TT 73/2024/TT-BTC)", "TT 64/2025/TT-BTC (50 % of the TT 73/2024/TT-BTC amounts)"},
		{"TT 73/2024/TT-BTC", "TT 73/2024/TT-BTC", "TT 73/2024/TT-BTC"},
	} {
		if got := vi.FeeBasis(tc.basis); got != tc.vi {
			t.Errorf("fee basis %q in Vietnamese = %q, want %q", tc.basis, got, tc.vi)
		}
		if got := en.FeeBasis(tc.basis); got != tc.en {
			t.Errorf("fee basis %q in English = %q, want %q", tc.basis, got, tc.en)
		}
	}
	for code, want := range map[string]string{"VN": "Việt Nam", "VNM": "Việt Nam", "": "", "LA": "LA"} {
		if got := vi.nationality(code); got != want {
			t.Errorf("nationality %q = %q, want %q", code, got, want)
		}
	}
	s := &server{units: units.Default()}
	for _, tc := range []struct {
		p    registry.Place
		want string
	}{
		{registry.Place{Code: "18670", List: "2025-03-01", Text: "Xã Mai Phụ"}, "Xã Mai Phụ"},
		{registry.Place{Code: "18670", List: "2025-03-01", Text: "xa mai phu"}, "Xã Mai Phụ"},
		{registry.Place{Code: "18670", List: "2025-03-01", Text: "Thôn 2, Xã Mai Phụ, Hà Tĩnh"}, "Thôn 2, Xã Mai Phụ, Hà Tĩnh"},
		{registry.Place{Code: "18670", List: "2025-03-01"}, "Xã Mai Phụ"},
		{registry.Place{Text: "Bệnh viện Hà Tĩnh"}, "Bệnh viện Hà Tĩnh"},
		{registry.Place{Code: "18670", List: "2025-03-01", Text: "Trạm y tế"}, "Trạm y tế · Xã Mai Phụ"},
		// A reused code names the unit of the place's own list: 00004 was
		// Phường Trúc Bạch before 2025-07-01 and is Phường Ba Đình now.
		{registry.Place{Code: "00004", List: "2025-03-01"}, "Phường Trúc Bạch"},
	} {
		if got := s.place(tc.p); got != tc.want {
			t.Errorf("place %+v = %q, want %q", tc.p, got, tc.want)
		}
	}
}
