package card

import (
	"errors"
	"testing"

	"dancu/internal/pdate"
)

func TestApplicationFee(t *testing.T) {
	d := pdate.Full
	tests := []struct {
		name string
		app  Application
		want int64
	}{
		{"first issuance", Application{Kind: FirstIssuance, Received: d(2025, 8, 1)}, 0},
		{"conversion, TT 59/2019", Application{Kind: Conversion, Received: d(2024, 6, 30)}, 30_000},
		{"conversion, TT 73/2024 first day", Application{Kind: Conversion, Received: d(2024, 7, 1)}, 30_000},
		{"conversion, TT 73/2024 last full day", Application{Kind: Conversion, Received: d(2025, 6, 30)}, 30_000},
		{"conversion, TT 64/2025 first day", Application{Kind: Conversion, Received: d(2025, 7, 1)}, 15_000},
		{"exchange on request, 2019", Application{Kind: Exchange, Reason: ReasonOnRequest, Received: d(2019, 12, 1)}, 50_000},
		{"exchange info changed, 50 %", Application{Kind: Exchange, Reason: ReasonInfoChanged, Received: d(2025, 7, 1)}, 25_000},
		{"exchange damaged, last 50 % day", Application{Kind: Exchange, Reason: ReasonDamaged, Received: d(2026, 12, 31)}, 25_000},
		{"exchange damaged, after the 50 %", Application{Kind: Exchange, Reason: ReasonDamaged, Received: d(2027, 1, 1)}, 50_000},
		{"exchange ID re-established", Application{Kind: Exchange, Reason: ReasonIDReestablished, Received: d(2024, 9, 1)}, 50_000},
		{"reissue lost, TT 59/2019", Application{Kind: Reissue, Reason: ReasonLost, Received: d(2024, 6, 30)}, 70_000},
		{"reissue lost, TT 73/2024", Application{Kind: Reissue, Reason: ReasonLost, Received: d(2025, 6, 30)}, 70_000},
		{"reissue nationality, 50 %", Application{Kind: Reissue, Reason: ReasonRegainedNationality, Received: d(2025, 7, 1)}, 35_000},
		{"age 25: free", Application{Kind: Exchange, Reason: ReasonAgeMilestone, Milestone: 25, Received: d(2024, 1, 1)}, 0},
		{"age 60: free", Application{Kind: Exchange, Reason: ReasonAgeMilestone, Milestone: 60, Received: d(2025, 9, 1)}, 0},
		{"age 14: charged", Application{Kind: Exchange, Reason: ReasonAgeMilestone, Milestone: 14, Received: d(2025, 9, 1)}, 25_000},
		{"authority error: free", Application{Kind: Exchange, Reason: ReasonAuthorityError, Received: d(2025, 9, 1)}, 0},
		{"unit reorganisation: free", Application{Kind: Exchange, Reason: ReasonUnitReorganisation, Received: d(2025, 7, 2)}, 0},
		{"exempt holder", Application{Kind: Reissue, Reason: ReasonLost, Received: d(2025, 9, 1), FeeExempt: true}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fee, err := ApplicationFee(tc.app)
			if err != nil {
				t.Fatal(err)
			}
			if fee.VND != tc.want || fee.Basis == "" {
				t.Errorf("ApplicationFee = %+v, want %d VND with a basis", fee, tc.want)
			}
		})
	}
}

func TestApplicationValidate(t *testing.T) {
	day := pdate.Full(2025, 1, 2)
	tests := []struct {
		name string
		app  Application
	}{
		{"unknown kind", Application{Kind: "renewal", Received: day}},
		{"first issuance with reason", Application{Kind: FirstIssuance, Reason: ReasonLost, Received: day}},
		{"exchange without reason", Application{Kind: Exchange, Received: day}},
		{"exchange for lost card", Application{Kind: Exchange, Reason: ReasonLost, Received: day}},
		{"reissue for damage", Application{Kind: Reissue, Reason: ReasonDamaged, Received: day}},
		{"milestone 30", Application{Kind: Exchange, Reason: ReasonAgeMilestone, Milestone: 30, Received: day}},
		{"milestone without age reason", Application{Kind: Exchange, Reason: ReasonOnRequest, Milestone: 25, Received: day}},
		{"partial receipt date", Application{Kind: Conversion, Received: pdate.Date{Year: 2025}}},
	}
	for _, tc := range tests {
		if _, err := ApplicationFee(tc.app); !errors.Is(err, ErrApplication) {
			t.Errorf("%s: err = %v, want ErrApplication", tc.name, err)
		}
	}
}
