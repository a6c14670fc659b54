package procedure

import (
	"context"
	"time"

	"dancu/internal/auth"
	"dancu/internal/pdate"
)

// Receipt is the receipt and appointment slip handed to the applicant
// (giấy tiếp nhận hồ sơ và hẹn trả kết quả): what was received, from
// whom, with which documents and fee, and the day the result is due.
type Receipt struct {
	DossierID  string     `json:"dossier_id"`
	Procedure  Info       `json:"procedure"`
	Applicant  Applicant  `json:"applicant"`
	Subjects   []Subject  `json:"subjects"`
	Documents  []Document `json:"documents"`
	Fee        Fee        `json:"fee"`
	Channel    Channel    `json:"channel"`
	Unit       string     `json:"unit"`
	UnitName   string     `json:"unit_name,omitempty"`
	ReceivedAt time.Time  `json:"received_at"`
	ReceivedBy string     `json:"received_by"`
	// Due is the day the result is promised; zero while a supplement is
	// awaited (the slip then says so).
	Due   pdate.Date `json:"due,omitzero"`
	State State      `json:"state"`
}

// Receipt is the receipt of a dossier within u's jurisdiction; the caller
// audits the disclosure of its subjects.
func (s *Service) Receipt(ctx context.Context, u auth.User, id string) (Receipt, View, error) {
	v, err := s.Dossier(ctx, u, id)
	if err != nil {
		return Receipt{}, v, err
	}
	r := Receipt{DossierID: v.ID, Procedure: v.Procedure, Applicant: v.Applicant, Subjects: v.Subjects,
		Documents: v.Documents, Fee: v.Fee, Channel: v.Channel, Unit: v.Unit, ReceivedAt: v.ReceivedAt,
		ReceivedBy: v.ReceivedBy, Due: v.Deadline.Due, State: v.State}
	if un, ok := s.cfg.Units.Lookup(auth.UnitList, v.Unit); ok {
		r.UnitName = un.FullName
	}
	return r, v, nil
}
