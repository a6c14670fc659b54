package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

// auditKeyEnv names the checkpoint key file for commands without an
// --audit-key flag (serve, demo); `dancu audit` commands read the same
// variable through their flag.
const auditKeyEnv = "DANCU_AUDIT_KEY"

// auditKeyPath is where the checkpoint signing key lives: the flag or
// DANCU_AUDIT_KEY, else next to a SQLite database file, else in the
// working directory. The key must stay off the database host's backups
// that an attacker could read along with the database.
func (a *app) auditKeyPath(flag string) string {
	if flag != "" {
		return flag
	}
	if v := os.Getenv(auditKeyEnv); v != "" {
		return v
	}
	if p, ok := strings.CutPrefix(a.db, "sqlite:"); ok && p != "" && !strings.HasPrefix(p, ":memory:") {
		return p + ".audit-key.pem"
	}
	if strings.HasSuffix(a.db, ".db") {
		return a.db + ".audit-key.pem"
	}
	return "dancu-audit-key.pem"
}

// openAuditor starts the audit log writer over db; close commits what is
// queued and signs a last checkpoint.
func (a *app) openAuditor(ctx context.Context, db *sqlstore.DB, keyFlag string) (*audit.Writer, func(), error) {
	key, err := audit.LoadOrCreateKey(a.auditKeyPath(keyFlag))
	if err != nil {
		return nil, nil, err
	}
	w, err := audit.NewWriter(ctx, audit.WriterConfig{Store: db, Signer: audit.NewSigner(key),
		OnError: func(err error) { a.log.Warn("audit checkpoint", "err", err) }})
	if err != nil {
		return nil, nil, fmt.Errorf("start the audit log: %w", err)
	}
	return w, func() {
		if err := w.Close(); err != nil {
			a.log.Warn("close the audit log", "err", err)
		}
	}, nil
}

func (a *app) auditCommand() *cobraCommand {
	c := &cobraCommand{Use: "audit", Short: "Verify, query and checkpoint the tamper-evident audit log"}
	c.AddCommand(a.auditVerifyCommand(), a.auditQueryCommand(), a.auditCheckpointCommand(), a.auditPublicKeyCommand())
	return c
}
