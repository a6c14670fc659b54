package cli

import (
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/pflag"

	"dancu/internal/sqlstore"
)

// readFlags name the PostgreSQL standbys that serve lag-tolerant reads
// (search, dashboards, reports, agencies' match reads).
type readFlags struct {
	dsns   []string
	maxLag time.Duration
}

func (f *readFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.dsns, "db-read", nil, "a PostgreSQL standby for search, dashboards, reports and agencies' match reads; repeat for several, or give one multi-host DSN with target_session_attrs=prefer-standby (env DANCU_DB_READ, DSNs separated by spaces)")
	fs.DurationVar(&f.maxLag, "db-read-max-lag", 5*time.Second, "replay lag past which a standby's reads go to the primary (env DANCU_DB_READ_MAX_LAG)")
}

// options are the store's replica options; a value may hold several DSNs
// separated by spaces (the environment variable's form).
func (f *readFlags) options(a *app) sqlstore.ReplicaOptions {
	var dsns []string
	for _, v := range f.dsns {
		dsns = append(dsns, strings.Fields(v)...)
	}
	return sqlstore.ReplicaOptions{DSNs: dsns, MaxLag: f.maxLag, Logger: a.log}
}

// registerReadMetrics exports where routed reads went, and the standbys'
// lag, on /metrics.
func registerReadMetrics(reg prometheus.Registerer, db *sqlstore.DB) {
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
