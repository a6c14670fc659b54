package selfservice

import (
	"context"
	"strings"
	"time"

	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/residence"
)

// Record is the citizen's own record with its residence history.
type Record struct {
	Citizen registry.Citizen
	// Residence lists every registration the record has held, newest
	// first; the current ones have Current set.
	Residence []ResidenceStep
}

// ResidenceStep is one residence registration as the history recorded
// it: the place, when the register recorded it and why (the procedure
// that made the change, when one did).
type ResidenceStep struct {
	Kind       string // permanent, temporary or current (nơi ở hiện tại)
	Place      registry.Residence
	RecordedAt time.Time
	Reason     string
	Current    bool
	// Expired marks the newest tạm trú when its term has ended: past,
	// though nobody deleted it.
	Expired bool
}

// OwnRecord reads the citizen's own record and residence history. Only
// the record the login stands for is read: there is no id to ask for.
func (s *Service) OwnRecord(ctx context.Context, c auth.Citizen, trail audit.Entry) (Record, error) {
	z, err := s.self(ctx, c)
	if err != nil {
		return Record{}, err
	}
	vs, err := s.cfg.Citizens.History(ctx, z.ID)
	if err != nil {
		return Record{}, err
	}
	if err := s.disclose(ctx, c, trail, ActionRecord, []string{z.ID}); err != nil {
		return Record{}, err
	}
	return Record{Citizen: z, Residence: ResidenceHistory(z, vs, procedure.Day(s.cfg.Now()))}, nil
}

// ResidenceHistory lists each distinct registration of each kind that the
// versions recorded, newest first, marking the ones in force on day
// (residence.InForce). The officer's account behind a change is not named
// (the reason is).
func ResidenceHistory(cur registry.Citizen, vs []registry.Version, day pdate.Date) []ResidenceStep {
	var out []ResidenceStep
	last := map[string]registry.Residence{}
	for _, v := range vs {
		for _, k := range []struct {
			kind string
			r    registry.Residence
		}{{"permanent", v.Data.Permanent}, {"temporary", v.Data.Temporary}, {"current", v.Data.Current}} {
			if k.r.IsZero() || k.r == last[k.kind] {
				continue
			}
			last[k.kind] = k.r
			out = append(out, ResidenceStep{Kind: k.kind, Place: k.r, RecordedAt: v.RecordedAt, Reason: strings.TrimSpace(v.Reason)})
		}
	}
	now := map[string]registry.Residence{"permanent": cur.Permanent, "temporary": cur.Temporary, "current": cur.Current}
	seen := map[string]bool{}
	for i := len(out) - 1; i >= 0; i-- {
		st := &out[i]
		if !seen[st.Kind] && st.Place == now[st.Kind] {
			st.Current, st.Expired = residence.InForce(st.Place, day), residence.Expired(st.Place, day)
		}
		seen[st.Kind] = true
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Household lists the members of the citizen's household (the people in
// their household book), audited as a disclosure of each member to the
// citizen. A citizen in no household gets none.
func (s *Service) Household(ctx context.Context, c auth.Citizen, trail audit.Entry) ([]registry.Summary, error) {
	z, err := s.self(ctx, c)
	if err != nil || z.HouseholdRef == "" {
		return nil, err
	}
	page, err := registry.HouseholdMembers(ctx, s.cfg.Citizens, z.HouseholdRef, "", registry.MaxHouseholdMembers)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(page.Items))
	for i, m := range page.Items {
		ids[i] = m.ID
	}
	if len(ids) == 0 {
		return nil, nil
	}
	if err := s.disclose(ctx, c, trail, ActionHousehold, ids, "full_name", "birth_date", "sex", "status"); err != nil {
		return nil, err
	}
	return page.Items, nil
}
