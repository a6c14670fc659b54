package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os/user"
	"time"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

// auditCLI records an operator's read or write of personal data from the
// command line in the same tamper-evident log as the API's: an operator
// with database access is still accountable. The entry names the operating
// system account, since the CLI has no officer session.
func (a *app) auditCLI(ctx context.Context, db *sqlstore.DB, action string, citizenIDs []string, fields ...string) error {
	return a.recordCLI(ctx, db, audit.Entry{Action: action, CitizenIDs: append([]string{}, citizenIDs...), Fields: fields})
}

// auditCLIWrite records a bulk write (an import batch) described by
// purpose rather than by the ids it touched.
func (a *app) auditCLIWrite(ctx context.Context, db *sqlstore.DB, action, purpose string) error {
	return a.recordCLI(ctx, db, audit.Entry{Action: action, Purpose: purpose, CitizenIDs: []string{}})
}

func (a *app) recordCLI(ctx context.Context, db *sqlstore.DB, e audit.Entry) error {
	w, closeLog, err := a.openAuditor(ctx, db, nil)
	if err != nil {
		return err
	}
	defer closeLog()
	return w.Record(ctx, operatorEntry(e))
}

// operatorEntry completes e as an entry of the operating system account
// running this command.
func operatorEntry(e audit.Entry) audit.Entry {
	who := "unknown"
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	id := make([]byte, 12)
	rand.Read(id)
	e.Time, e.RequestID, e.UserID, e.Username = time.Now().UTC(), "cli-"+hex.EncodeToString(id), "os:"+who, who
	e.Role, e.Route, e.Result = "operator", "cli", "ok"
	if e.CitizenIDs == nil {
		e.CitizenIDs = []string{}
	}
	return e
}

// checkpointNow signs the audit log's head, for entries written without
// the writer (an import's, in its own transaction). A failure only
// delays the signature to the next checkpoint, so it is a warning.
func (a *app) checkpointNow(ctx context.Context, db *sqlstore.DB) {
	w, closeLog, err := a.openAuditor(ctx, db, nil)
	if err == nil {
		err = w.Checkpoint(ctx)
		closeLog()
	}
	if err != nil {
		a.log.Warn("audit checkpoint after the import", "err", err)
	}
}
