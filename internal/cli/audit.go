package cli

import (
	"context"
	"crypto/ed25519"
	"fmt"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

// openAuditor starts the audit log writer over db; close commits what is
// queued and signs a last checkpoint. publish receives each checkpoint as
// it is committed (nil: a debug line, for one-shot commands).
func (a *app) openAuditor(ctx context.Context, db *sqlstore.DB, publish func(audit.Checkpoint)) (*audit.Writer, func(), error) {
	key, err := a.auditSigningKey()
	if err != nil {
		return nil, nil, err
	}
	if publish == nil {
		publish = func(cp audit.Checkpoint) { a.log.Debug("audit checkpoint", "head", cp.String()) }
	}
	w, err := audit.NewWriter(ctx, audit.WriterConfig{Store: db.AuditLog(), Spool: db.AuditLog().Spool(), Signer: audit.NewSigner(key), OnCheckpoint: publish,
		OnError: func(err error) { a.log.Warn("audit checkpoint", "err", err) }, MaySign: a.maySign})
	if err != nil {
		return nil, nil, fmt.Errorf("start the audit log: %w", err)
	}
	return w, func() {
		if err := w.Close(); err != nil {
			a.log.Warn("close the audit log", "err", err)
		}
	}, nil
}

// auditSigningKey loads (or creates, 0600) the checkpoint key from its
// place apart from the database.
func (a *app) auditSigningKey() (ed25519.PrivateKey, error) {
	path, err := a.auditKeyFile()
	if err != nil {
		return nil, err
	}
	return audit.LoadOrCreateKey(path)
}

func (a *app) auditCommand() *cobraCommand {
	c := &cobraCommand{Use: "audit", Short: "Verify, query and checkpoint the tamper-evident audit log"}
	c.AddCommand(a.auditVerifyCommand(), a.auditQueryCommand(), a.auditCheckpointCommand(), a.auditPublicKeyCommand(), a.auditHeadCommand(), a.auditRecordRestoreCommand(), a.auditExportCommand())
	return c
}
