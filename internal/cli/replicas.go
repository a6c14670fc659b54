package cli

import (
	"strings"
	"time"

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
