package cli

import (
	"crypto/ed25519"
	"fmt"
	"os"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

func (a *app) auditVerifyCommand() *cobraCommand {
	var pubFile string
	cmd := &cobraCommand{
		Use:   "verify",
		Short: "Check the audit log's hash chain and signed checkpoints; fails on any edited, deleted or reordered entry",
		Long: "Recomputes every entry's chain hash, checks that sequence numbers have no gap, that every checkpoint\n" +
			"is signed by a trusted key and matches the chain. Trust comes from --public-key (a PEM file kept apart\n" +
			"from the database, from `dancu audit public-key`); without it the keys stored in the database are used,\n" +
			"which an attacker with database access could replace.",
		Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				keys, err := a.trustedAuditKeys(cmd, db, pubFile)
				if err != nil {
					return err
				}
				rep, err := audit.Verify(cmd.Context(), db, keys)
				if err != nil {
					return err
				}
				if rep.Problem != nil {
					return rep.Problem
				}
				fmt.Fprintf(a.out, "audit log intact: %d entries, %d checkpoints; last seq %d (hash %s), last checkpoint at seq %d\n",
					rep.Entries, rep.Checkpoints, rep.LastSeq, rep.LastHash, rep.LastCheckpoint)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&pubFile, "public-key", "", "PEM file of the trusted checkpoint public key(s) (env DANCU_PUBLIC_KEY)")
	return cmd
}

func (a *app) trustedAuditKeys(cmd *cobraCommand, db *sqlstore.DB, pubFile string) ([]ed25519.PublicKey, error) {
	if pubFile != "" {
		b, err := os.ReadFile(pubFile)
		if err != nil {
			return nil, fmt.Errorf("read --public-key: %w", err)
		}
		return audit.ParsePublicKeys(b)
	}
	fmt.Fprintln(cmd.ErrOrStderr(), "warning: trusting the checkpoint keys stored in the database; pass --public-key for an independent check")
	return db.AuditKeys(cmd.Context())
}

func (a *app) auditPublicKeyCommand() *cobraCommand {
	return &cobraCommand{
		Use:   "public-key",
		Short: "Print the checkpoint public key (PEM) to keep apart from the database for `audit verify --public-key`",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			key, err := a.auditSigningKey()
			if err != nil {
				return err
			}
			_, err = a.out.Write(audit.PublicKeyPEM(key.Public().(ed25519.PublicKey)))
			return err
		},
	}
}

func (a *app) auditCheckpointCommand() *cobraCommand {
	return &cobraCommand{
		Use:   "checkpoint",
		Short: "Sign a checkpoint of the audit log's current head now",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				w, closeLog, err := a.openAuditor(cmd.Context(), db)
				if err != nil {
					return err
				}
				defer closeLog()
				if err := w.Checkpoint(cmd.Context()); err != nil {
					return err
				}
				fmt.Fprintln(a.out, "checkpoint signed")
				return nil
			})
		},
	}
}
