package registry

import (
	"context"

	"dancu/internal/apperr"
)

// Searcher is the part of Store a household read needs.
type Searcher interface {
	Search(ctx context.Context, q Query) (Page, error)
}

// MaxHouseholdMembers is the most members one household read returns.
const MaxHouseholdMembers = 200

// HouseholdMembers lists the members of household ref whose permanent
// residence lies within scope (a province or commune code; "" for a
// national role). It is the one rule of every interface that shows a
// household: a member registered elsewhere is another unit's record, and
// being in the same household book does not open it. The caller audits
// the members returned as a household disclosure.
func HouseholdMembers(ctx context.Context, st Searcher, ref, scope string, limit int) (Page, error) {
	if ref == "" || len(ref) > 64 {
		return Page{}, apperr.New(apperr.NotFound, "no household with that reference")
	}
	if limit <= 0 || limit > MaxHouseholdMembers {
		limit = MaxHouseholdMembers
	}
	page, err := st.Search(ctx, Query{Household: ref, Unit: scope, Limit: limit})
	if err != nil {
		return Page{}, err
	}
	return page, nil
}
