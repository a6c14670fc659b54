package wire

import (
	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/opsmetrics"
	"dancu/internal/sqlstore"
)

// WatchOps adds to m the figures /metrics reads at each scrape: the audit
// log's queue (writer, the server's chain writer, and the register's
// intents) and the overdue dossiers of every procedure kind of s. The
// login counters are given to the services by Config.Watch.
func WatchOps(m *opsmetrics.Metrics, s *Services, writer opsmetrics.AuditQueue) {
	m.WatchAudit(writer, s.DB.AuditLog())
	var kinds []string
	for _, k := range s.Procedures.Kinds() {
		kinds = append(kinds, k.Code)
	}
	m.WatchDossiers(s.DB.Procedures(), kinds)
}

// WatchReplicas exports where routed reads went, and the standbys' lag,
// on /metrics; nothing without read replicas (--db-read).
func WatchReplicas(reg prometheus.Registerer, db *sqlstore.DB) {
	if _, ok := db.ReadStats(); !ok {
		return
	}
	stat := func() sqlstore.ReadStats { s, _ := db.ReadStats(); return s }
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "dancu_replica_lag_seconds", Help: "Largest replay lag among the read replicas at the last poll.",
	}, func() float64 { return stat().MaxLag.Seconds() }))
	for _, target := range []string{"replica", "primary"} {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "dancu_routed_reads_total", Help: "Lag-tolerant reads by where they ran.", ConstLabels: prometheus.Labels{"target": target},
		}, func() float64 {
			if s := stat(); target == "replica" {
				return float64(s.Replica)
			} else {
				return float64(s.Primary)
			}
		}))
	}
	for _, reason := range []string{"lag", "down", "own-write"} {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "dancu_replica_fallbacks_total", Help: "Lag-tolerant reads sent to the primary, by reason: lag past --db-read-max-lag, standby down, or the reader's own write not yet replayed.",
			ConstLabels: prometheus.Labels{"reason": reason},
		}, func() float64 { return float64(stat().Fallbacks[reason]) }))
	}
}
