package cli

import (
	"context"
	"dancu/internal/lease"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"dancu/internal/share"
	"dancu/internal/share/webhook"
	"dancu/internal/sqlstore"
)

// shareService serves partner agencies over the store.
func (a *app) shareService(db *sqlstore.DB) *share.Service {
	return a.services(db).Share
}

// webhookFlags are the serve flags of webhook delivery.
type webhookFlags struct {
	allow  []string // --webhook-allow: private networks webhooks may reach
	policy share.TargetPolicy
}

// parse reads the allow-list; serve calls it before anything starts, so a
// typo stops the server instead of silently allowing nothing.
func (w *webhookFlags) parse() error {
	allow, err := share.ParseAllowList(w.allow)
	w.policy = share.TargetPolicy{Allow: allow}
	return err
}

// dispatchWebhooks delivers change events to subscriptions while serving,
// while this server holds the dispatcher lease (several servers may share
// the database). Every delivery is recorded in the audit log before it is
// sent.
func (a *app) dispatchWebhooks(ctx context.Context, db *sqlstore.DB, auditor webhook.Auditor, leader *lease.Keeper) {
	(&webhook.Dispatcher{Store: db.Sharing(), Audit: auditor, Log: a.log, Policy: a.webhooks.policy, Leader: leader}).Run(ctx)
}

func (a *app) agencyCommand() *cobraCommand {
	cmd := &cobraCommand{Use: "agency", Short: "Partner agencies of the verification service: create, list, suspend, keys and secrets"}
	cmd.AddCommand(a.agencyCreateCommand(), a.agencyListCommand(), a.agencyStatusCommand("suspend", share.Suspended),
		a.agencyStatusCommand("reinstate", share.Active), a.agencyAddKeyCommand(), a.agencyRetireKeyCommand(), a.agencyRotateSecretCommand())
	return cmd
}

func (a *app) agencyCreateCommand() *cobraCommand {
	var ag share.Agency
	var purposes, fields, events []string
	var noSecret bool
	cmd := &cobraCommand{
		Use:   "create ID --name NAME --legal-basis TEXT --purpose NAME[:consent]… --fields F,… [--events E,…]",
		Short: "Register an agency; prints its client secret once",
		Args:  exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			ag.ID, ag.Status, ag.CreatedAt = args[0], share.Active, utcNow()
			ag.Fields = fields
			for _, p := range purposes {
				name, flag, _ := strings.Cut(p, ":")
				ag.Purposes = append(ag.Purposes, share.Purpose{Name: name, ConsentRequired: flag == "consent"})
			}
			for _, e := range events {
				ag.Events = append(ag.Events, share.EventType(e))
			}
			if err := ag.Validate(); err != nil {
				return err
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				svc := a.shareService(db)
				secret, hash := "", ""
				if !noSecret {
					secret = share.NewSecret()
					var err error
					if hash, err = svc.HashSecret(secret); err != nil {
						return err
					}
				}
				if err := db.Sharing().CreateAgency(cmd.Context(), ag, hash); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "agency %s created\n", ag.ID)
				if secret != "" {
					fmt.Fprintf(a.out, "client_secret: %s\n(shown once; only its argon2id hash is stored)\n", secret)
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&ag.Name, "name", "", "agency name")
	f.StringVar(&ag.LegalBasis, "legal-basis", "", "the law or decree that allows the access")
	f.StringSliceVar(&purposes, "purpose", nil, "allowed purpose; NAME:consent when it needs the citizen's consent reference (repeatable)")
	f.StringSliceVar(&fields, "fields", nil, "field scope: names from the catalogue ("+strings.Join(share.Fields(), ", ")+")")
	f.StringSliceVar(&events, "events", nil, "event types the agency may receive")
	f.Float64Var(&ag.RatePerSec, "rate", 50, "requests per second")
	f.IntVar(&ag.Burst, "burst", 100, "burst size")
	f.StringVar(&ag.CertThumbprint, "cert-thumbprint", "", "bind to a TLS client certificate (base64url SHA-256 of the DER, x5t#S256)")
	f.BoolVar(&noSecret, "no-secret", false, "no client secret: authenticate by key (private_key_jwt) or certificate only")
	return cmd
}

func (a *app) agencyListCommand() *cobraCommand {
	return &cobraCommand{
		Use: "list", Short: "List agencies (JSON Lines)", Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				list, err := db.Sharing().Agencies(cmd.Context())
				if err != nil {
					return err
				}
				enc := json.NewEncoder(a.out)
				for _, ag := range list {
					enc.Encode(ag)
				}
				return nil
			})
		},
	}
}

func (a *app) agencyStatusCommand(verb string, st share.AgencyStatus) *cobraCommand {
	return &cobraCommand{
		Use: verb + " ID", Short: "Set an agency " + string(st) + " (other servers follow within 2 s)", Args: exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				return a.shareService(db).SetStatus(cmd.Context(), args[0], st)
			})
		},
	}
}

func (a *app) agencyAddKeyCommand() *cobraCommand {
	var kid, pemFile string
	cmd := &cobraCommand{
		Use: "add-key ID --kid KID --pem FILE", Short: "Register a public key (P-256 or RSA ≥ 2048, PEM) for private_key_jwt", Args: exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			b, err := os.ReadFile(pemFile)
			if err != nil {
				return err
			}
			if _, err := share.ParsePublicKey(string(b)); err != nil {
				return err
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				return db.Sharing().AddAgencyKey(cmd.Context(), share.AgencyKey{AgencyID: args[0], KID: kid, PEM: string(b), AddedAt: utcNow()})
			})
		},
	}
	cmd.Flags().StringVar(&kid, "kid", "", "key id")
	cmd.Flags().StringVar(&pemFile, "pem", "", "PEM file with the PUBLIC KEY")
	return cmd
}

func (a *app) agencyRetireKeyCommand() *cobraCommand {
	var kid string
	cmd := &cobraCommand{
		Use: "retire-key ID --kid KID", Short: "Stop accepting assertions signed by a key (after rotating)", Args: exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				return db.Sharing().RetireAgencyKey(cmd.Context(), args[0], kid, utcNow())
			})
		},
	}
	cmd.Flags().StringVar(&kid, "kid", "", "key id")
	return cmd
}

func (a *app) agencyRotateSecretCommand() *cobraCommand {
	return &cobraCommand{
		Use: "rotate-secret ID", Short: "Replace the client secret; prints the new one once", Args: exactArgs(1),
		RunE: func(cmd *cobraCommand, args []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				secret := share.NewSecret()
				hash, err := a.shareService(db).HashSecret(secret)
				if err != nil {
					return err
				}
				if err := db.Sharing().SetAgencySecret(cmd.Context(), args[0], hash); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "client_secret: %s\n", secret)
				return nil
			})
		},
	}
}
