package cli

import (
	"crypto/ed25519"
	"fmt"
	"os"
	"sort"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

func (a *app) auditVerifyCommand() *cobraCommand {
	var pubFile, segment, previous string
	var trustedHeads []string
	cmd := &cobraCommand{
		Use:   "verify",
		Short: "Check the audit log's hash chain and signed checkpoints; fails on any edited, deleted or reordered entry",
		Long: "Recomputes every entry's chain hash, checks that sequence numbers have no gap, that every checkpoint\n" +
			"is signed by a trusted key and matches the chain. Trust comes from --public-key (a PEM file kept apart\n" +
			"from the database, from `dancu audit public-key`); without it the keys stored in the database are used,\n" +
			"which an attacker with database access could replace.\n\n" +
			"A log whose tail was cut (entries and checkpoints deleted after some point) still verifies on its own.\n" +
			"--trusted-head gives heads kept outside the database (from `dancu audit head`, the service log or a\n" +
			"witness): the log must reach each with the same chain hash, or verify fails as truncated or forked.\n\n" +
			"--segment FILE checks a sealed segment from `dancu audit export` offline (no database) against\n" +
			"--public-key, and with --previous FILE that it continues the previous segment.",
		Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if segment != "" {
				return a.verifySegments(segment, previous, pubFile)
			}
			heads, err := readTrustedHeads(trustedHeads)
			if err != nil {
				return err
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				keys, err := a.trustedAuditKeys(cmd, db, pubFile)
				if err != nil {
					return err
				}
				rep, err := audit.VerifyAgainst(cmd.Context(), db.AuditLog(), keys, heads)
				if err != nil {
					return err
				}
				if rep.Problem != nil {
					return rep.Problem
				}
				fmt.Fprintf(a.out, "audit log intact: %d entries, %d checkpoints; last seq %d (hash %s), last checkpoint at seq %d\n",
					rep.Entries, rep.Checkpoints, rep.LastSeq, rep.LastHash, rep.LastCheckpoint)
				if len(heads) > 0 {
					fmt.Fprintf(a.out, "it extends all %d trusted heads (the newest at seq %d)\n", rep.TrustedHeads, heads[len(heads)-1].Seq)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringArrayVar(&trustedHeads, "trusted-head", nil, "a signed head kept outside the database (the line from `dancu audit head`), or a file of such lines; repeatable")
	cmd.Flags().StringVar(&pubFile, "public-key", "", "PEM file of the trusted checkpoint public key(s) (env DANCU_PUBLIC_KEY)")
	cmd.Flags().StringVar(&segment, "segment", "", "verify this sealed segment file offline instead of the database's log")
	cmd.Flags().StringVar(&previous, "previous", "", "with --segment: the previous sealed segment, which it must continue")
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
	return db.AuditLog().AuditKeys(cmd.Context())
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
				w, closeLog, err := a.openAuditor(cmd.Context(), db, a.logHead)
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

// readTrustedHeads reads each --trusted-head: a signed head line itself,
// or a file holding one or more (an auditor may append one a day). They
// come back sorted by seq.
func readTrustedHeads(args []string) ([]audit.Checkpoint, error) {
	var out []audit.Checkpoint
	for _, arg := range args {
		text := arg
		if !audit.IsSignedHead(arg) {
			b, err := os.ReadFile(arg)
			if err != nil {
				return nil, fmt.Errorf("--trusted-head %s: neither a signed head nor a readable file: %w", arg, err)
			}
			text = string(b)
		}
		heads, err := audit.ParseSignedHeads(text)
		if err != nil {
			return nil, fmt.Errorf("--trusted-head %s: %w", arg, err)
		}
		out = append(out, heads...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, nil
}

func (a *app) auditHeadCommand() *cobraCommand {
	var pubFile string
	cmd := &cobraCommand{
		Use:   "head",
		Short: "Verify the log and print its newest signed checkpoint as a head line, for the auditor to keep apart from the database",
		Long: "Prints one line, \"dancu-audit-head v1 seq=… hash=… time=… key=… sig=…\". Keep it (and the public key)\n" +
			"where whoever can write the database cannot: `dancu audit verify --trusted-head` then detects a log that\n" +
			"was cut back or replaced after that point. `dancu audit checkpoint` signs the newest entries first.",
		Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				keys, err := a.trustedAuditKeys(cmd, db, pubFile)
				if err != nil {
					return err
				}
				rep, err := audit.Verify(cmd.Context(), db.AuditLog(), keys)
				if err != nil {
					return err
				}
				if rep.Problem != nil {
					return fmt.Errorf("no head printed: %w", rep.Problem)
				}
				if rep.Head == nil {
					return fmt.Errorf("the audit log has no checkpoint yet: sign one with dancu audit checkpoint")
				}
				if n := rep.LastSeq - rep.Head.Seq; n > 0 {
					fmt.Fprintf(cmd.ErrOrStderr(), "note: %d newer entries are not under a checkpoint yet; dancu audit checkpoint signs them\n", n)
				}
				fmt.Fprintln(a.out, rep.Head.String())
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&pubFile, "public-key", "", "PEM file of the trusted checkpoint public key(s) (env DANCU_PUBLIC_KEY)")
	return cmd
}
