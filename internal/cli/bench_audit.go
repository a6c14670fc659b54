package cli

import (
	"fmt"
	"strings"

	"dancu/internal/sqlstore"
)

// auditCounts is a snapshot of the audit log's counters, to say how many
// disclosures shared one sync during a measured run.
type auditCounts struct {
	commits, entries, syncs int64 // the chain's transactions, entries, WAL fsyncs
	spooled, spoolSyncs     int64 // entries spooled to the journal, its fdatasyncs
	io                      procIO
	syncTimes               [len(sqlstore.AuditJournalSyncBounds) + 1]int64 // the journal's fdatasyncs by duration
}

func readAuditCounts(db *sqlstore.DB) auditCounts {
	var c auditCounts
	c.commits, c.entries = db.AuditChainStats()
	c.syncs = db.AuditSyncs()
	c.spooled, c.spoolSyncs = db.AuditSpoolStats()
	c.io = readProcIO()
	c.syncTimes = db.AuditJournalSyncTimes()
	return c
}

// writtenPer describes the bytes the process wrote between prev and c per
// one of n operations ("" without /proc/self/io).
func (c auditCounts) writtenPer(prev auditCounts, n int, what string) string {
	w, calls := c.io.wchar-prev.io.wchar, c.io.syscw-prev.io.syscw
	if w <= 0 || n <= 0 {
		return ""
	}
	return fmt.Sprintf("the process wrote %.1f KB per %s in %.1f write calls (files and sockets: SQLite's WAL and checkpoints, the audit journal, and the HTTP traffic of the process's own clients and server)",
		float64(w)/1000/float64(n), what, float64(calls)/float64(n))
}

// since describes what happened between prev and c ("" when nothing did).
func (c auditCounts) since(prev auditCounts) string {
	commits, entries, syncs := c.commits-prev.commits, c.entries-prev.entries, c.syncs-prev.syncs
	spooled, spoolSyncs := c.spooled-prev.spooled, c.spoolSyncs-prev.spoolSyncs
	if spooled > 0 && spoolSyncs > 0 {
		var times strings.Builder
		for i, bound := range sqlstore.AuditJournalSyncBounds {
			fmt.Fprintf(&times, "≤ %s %d, ", bound, c.syncTimes[i]-prev.syncTimes[i])
		}
		last := len(sqlstore.AuditJournalSyncBounds)
		fmt.Fprintf(&times, "slower %d", c.syncTimes[last]-prev.syncTimes[last])
		return fmt.Sprintf("%d entries spooled to the audit journal, %.1f per fdatasync (fdatasyncs %s); %d entries put on the chain in %d commits (%.1f per commit)",
			spooled, float64(spooled)/float64(spoolSyncs), &times, entries, commits, float64(entries)/float64(max(commits, 1)))
	}
	if commits > 0 && syncs > 0 {
		return fmt.Sprintf("%d entries in %d commits of the chain (%.1f per commit) made durable by %d fsyncs (%.1f per fsync)",
			entries, commits, float64(entries)/float64(commits), syncs, float64(entries)/float64(syncs))
	}
	return ""
}
