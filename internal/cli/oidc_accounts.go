package cli

import (
	"dancu/internal/idp"
	"dancu/internal/sqlstore"
)

// citizenAccounts are the accounts citizens log in to the provider with.
// nil until internal/eid is wired: the provider then refuses every login.
func (a *app) citizenAccounts(db *sqlstore.DB) idp.Accounts { return nil }
