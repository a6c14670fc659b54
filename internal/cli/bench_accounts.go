package cli

import (
	"context"
	"fmt"

	"dancu/internal/eid"
	"dancu/internal/sqlstore"
)

// benchAccount is an active VNeID account given to a sampled citizen.
type benchAccount struct {
	ID, CitizenID, IDNumber string
	Level                   int
}

// giveBenchAccounts gives each sampled citizen that has an ID number an
// active account, level 1 and 2 alternately, all with one password hash
// (hashing each would only cost set-up time); accounts that exist are
// kept, so a benchmark can run again on the same register.
func giveBenchAccounts(ctx context.Context, db *sqlstore.DB, svc *eid.Service, ids []string, hash string) ([]benchAccount, error) {
	var out []benchAccount
	now := db.Now()
	for i, id := range ids {
		c, err := db.Citizens().Citizen(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("bench accounts: citizen %s: %w", id, err)
		}
		if c.IDNumber == "" {
			continue
		}
		acc, err := svc.AccountOfCitizen(ctx, id)
		if err != nil {
			acc = eid.Account{ID: "bench-" + id, CitizenID: id, Level: 1 + i%2, Status: eid.Active,
				CreatedAt: now, UpdatedAt: now, ActivatedAt: &now, Version: 1}
			if err := db.EID().CreateAccount(ctx, eid.StoredAccount{Account: acc, PasswordHash: hash}); err != nil {
				return nil, fmt.Errorf("bench accounts: create for %s: %w", id, err)
			}
		}
		out = append(out, benchAccount{ID: acc.ID, CitizenID: id, IDNumber: c.IDNumber, Level: acc.Level})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("bench accounts: no sampled citizen has an ID number")
	}
	return out, nil
}
