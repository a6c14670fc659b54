package cli

import (
	"crypto/ed25519"
	"fmt"
	"os/user"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

// restoreRecord is what the operator says about a restore: why, from
// which backup, and the newest head published before it (what was lost).
type restoreRecord struct {
	reason, backup string
	lastHeads      []string
}

func (r *restoreRecord) register(fs *pflag.FlagSet, withBackup bool) {
	fs.StringVar(&r.reason, "reason", "", "why the register was restored (kept in the audit log's restore entry)")
	fs.StringArrayVar(&r.lastHeads, "last-head", nil, "the newest signed head published before the restore (service log, witness, `dancu audit head`), or a file of heads: entries past the restored log up to it are recorded as lost")
	if withBackup {
		fs.StringVar(&r.backup, "backup", "", "the backup restored (pgBackRest label, folder)")
	}
}

func (r *restoreRecord) check() error {
	if strings.TrimSpace(r.reason) == "" {
		return fmt.Errorf("--reason is required: the audit log records why the register was rolled back")
	}
	return nil
}

func (a *app) auditRecordRestoreCommand() *cobraCommand {
	var rec restoreRecord
	cmd := &cobraCommand{
		Use:   "record-restore",
		Short: "After a restore, append the signed entry that records the rollback (what was lost and why), with no dancu server running",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if err := rec.check(); err != nil {
				return err
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error { return a.recordRestore(cmd, db, rec) })
		},
	}
	rec.register(cmd.Flags(), true)
	return cmd
}

// recordRestore appends the restore entry after the restored log and
// signs a checkpoint over it; the new head it prints (and publishes to
// the witness) stands at or before the lost one, which shows the
// rollback to whoever keeps heads.
func (a *app) recordRestore(cmd *cobraCommand, db *sqlstore.DB, rec restoreRecord) error {
	ctx := cmd.Context()
	key, err := a.auditSigningKey()
	if err != nil {
		return err
	}
	pub := key.Public().(ed25519.PublicKey)
	// The intents the restored register holds go onto the chain first,
	// so the restore entry follows them.
	if err := db.AuditLog().MoveIntents(ctx); err != nil {
		return fmt.Errorf("move the restored register's audit intents onto the chain: %w", err)
	}
	rep, err := audit.Verify(ctx, db.AuditLog(), []ed25519.PublicKey{pub})
	if err != nil {
		return err
	}
	if rep.Problem != nil {
		return fmt.Errorf("the restored audit log is not intact, so no restore entry was written: %w", rep.Problem)
	}
	rb := audit.Rollback{RestoredSeq: rep.LastSeq, RestoredHash: rep.LastHash, Backup: rec.backup, Reason: strings.TrimSpace(rec.reason)}
	heads, err := readTrustedHeads(rec.lastHeads)
	if err != nil {
		return err
	}
	if n := len(heads); n > 0 {
		last := heads[n-1]
		if !last.Valid(pub) {
			return fmt.Errorf("--last-head at seq %d is not signed by this deployment's audit key", last.Seq)
		}
		if last.Seq > rb.RestoredSeq {
			rb.LostSeq, rb.LostHash = last.Seq, last.Hash
		}
	}
	w, closeLog, err := a.openAuditor(ctx, db, func(cp audit.Checkpoint) { fmt.Fprintln(a.out, cp.String()) })
	if err != nil {
		return err
	}
	defer closeLog()
	if err := w.Record(ctx, audit.RestoreEntry(rb, operatorName(), time.Now())); err != nil {
		return fmt.Errorf("record the restore: %w", err)
	}
	if err := w.Checkpoint(ctx); err != nil {
		return err
	}
	if rb.LostSeq > 0 {
		fmt.Fprintf(a.out, "restore recorded at seq %d: entries %d to %d were lost; publish the head above\n", rb.RestoredSeq+1, rb.RestoredSeq+1, rb.LostSeq)
	} else {
		fmt.Fprintf(a.out, "restore recorded at seq %d (no --last-head: what was lost is not known)\n", rb.RestoredSeq+1)
	}
	return nil
}

// operatorName is the account that runs the restore.
func operatorName() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}
