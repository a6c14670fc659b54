package cli

import (
	"fmt"

	"dancu/internal/sqlstore"
)

// auditCounts is a snapshot of the audit log's counters, to say how many
// disclosures shared one sync during a measured run.
type auditCounts struct {
	commits, entries, syncs int64 // the chain's transactions, entries, WAL fsyncs
	spooled, spoolSyncs     int64 // entries spooled to the journal, its fdatasyncs
}

func readAuditCounts(db *sqlstore.DB) auditCounts {
	var c auditCounts
	c.commits, c.entries = db.AuditChainStats()
	c.syncs = db.AuditSyncs()
	c.spooled, c.spoolSyncs = db.AuditSpoolStats()
	return c
}

// since describes what happened between prev and c ("" when nothing did).
func (c auditCounts) since(prev auditCounts) string {
	commits, entries, syncs := c.commits-prev.commits, c.entries-prev.entries, c.syncs-prev.syncs
	spooled, spoolSyncs := c.spooled-prev.spooled, c.spoolSyncs-prev.spoolSyncs
	if spooled > 0 && spoolSyncs > 0 {
		return fmt.Sprintf("%d entries spooled to the audit journal, %.1f per fdatasync; %d entries put on the chain in %d commits (%.1f per commit)",
			spooled, float64(spooled)/float64(spoolSyncs), entries, commits, float64(entries)/float64(max(commits, 1)))
	}
	if commits > 0 && syncs > 0 {
		return fmt.Sprintf("%d entries in %d commits of the chain (%.1f per commit) made durable by %d fsyncs (%.1f per fsync)",
			entries, commits, float64(entries)/float64(commits), syncs, float64(entries)/float64(syncs))
	}
	return ""
}
