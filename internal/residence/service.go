package residence

import (
	"context"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// Service reads what the residence procedures leave in the register:
// histories, the absentees' worklist and the confirmation of residence.
// It checks role and jurisdiction; callers audit what it discloses.
type Service struct {
	reg *registry.Service
	now func() time.Time
}

// NewService reads through reg.
func NewService(reg *registry.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{reg: reg, now: now}
}

// History is the residence history of a record within u's jurisdiction
// (the record's current permanent residence decides it).
func (s *Service) History(ctx context.Context, u auth.User, id string) (History, error) {
	if len(id) > 64 {
		return History{}, apperr.New(apperr.NotFound, "no citizen with that id")
	}
	vs, err := s.reg.Store().History(ctx, id)
	if err != nil {
		return History{}, err
	}
	if len(vs) == 0 {
		return History{}, apperr.New(apperr.NotFound, "no citizen with that id")
	}
	if err := s.reg.Visible(u, id, vs[len(vs)-1].Data.Permanent); err != nil {
		return History{}, err
	}
	return HistoryOf(vs, procedure.Day(s.now())), nil
}

// MaxScan is how many records of a commune one worklist call reads.
const MaxScan = 2000

// AbsenteePage is one scan of a commune for the worklist; Next is the
// offset to continue from while More.
type AbsenteePage struct {
	Items []Absentee `json:"items"`
	Next  int        `json:"next_offset"`
	More  bool       `json:"more"`
}

// Absentees scans the records registered in commune from offset and
// lists those absent AbsentMonths without tạm trú or tạm vắng: the
// candidates of a deletion on ground absent_12_months.
func (s *Service) Absentees(ctx context.Context, u auth.User, commune string, offset int) (AbsenteePage, error) {
	if !u.Role.CanEdit() {
		return AbsenteePage{}, apperr.New(apperr.Forbidden, "the %s role does not handle residence", u.Role)
	}
	if _, ok := communeOf(s.reg.Units(), commune); !ok {
		return AbsenteePage{}, apperr.WithFields("invalid worklist", apperr.FieldError{Field: "commune", Reason: "a commune code of the current unit list"})
	}
	if !u.Covers(s.reg.Units(), commune) {
		return AbsenteePage{}, apperr.New(apperr.Forbidden, "commune %s is outside your jurisdiction", commune)
	}
	day := procedure.Day(s.now())
	out := AbsenteePage{Items: []Absentee{}, Next: max(offset, 0)}
	for scanned := 0; scanned < MaxScan; {
		page, err := s.reg.Store().Search(ctx, registry.Query{Unit: commune, Limit: 200, Offset: out.Next})
		if err != nil {
			return out, err
		}
		for _, it := range page.Items {
			c, err := s.reg.Store().Citizen(ctx, it.ID)
			if err != nil {
				return out, err
			}
			if a, ok := AbsentTooLong(&c, day); ok {
				out.Items = append(out.Items, a)
			}
		}
		scanned += len(page.Items)
		out.Next += len(page.Items)
		if out.More = page.More; !page.More {
			break
		}
	}
	return out, nil
}
