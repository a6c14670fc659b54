package cli

import (
	"context"
	"os"
	"strconv"

	"github.com/google/uuid"

	"dancu/internal/lease"
	"dancu/internal/sqlstore"
)

// The leases of work that runs on one server of those sharing a database.
const (
	leaseCheckpointSigner = "audit-checkpoint-signer"
	leaseWebhookDispatch  = "webhook-dispatcher"
)

// serverLeases are the leader leases a `dancu serve` competes for.
type serverLeases struct {
	signer, dispatcher *lease.Keeper
}

// startLeases takes (or waits for) each lease and keeps renewing it until
// ctx ends. The holder names this process: host, pid and a random part.
func (a *app) startLeases(ctx context.Context, db *sqlstore.DB) serverLeases {
	host, _ := os.Hostname()
	holder := host + "/" + strconv.Itoa(os.Getpid()) + "/" + uuid.Must(uuid.NewV7()).String()[24:]
	keeper := func(name string) *lease.Keeper {
		k := &lease.Keeper{Store: db, Name: name, Holder: holder, Log: a.log}
		k.Renew(ctx) // a lone server holds its leases before serving
		go k.Run(ctx)
		return k
	}
	return serverLeases{signer: keeper(leaseCheckpointSigner), dispatcher: keeper(leaseWebhookDispatch)}
}
