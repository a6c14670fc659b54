// Package opsmetrics holds what operators watch on /metrics beyond the
// HTTP layer's own request counts: failed and refused logins, the audit
// log's queue and overdue dossiers (the read replicas' lag and routing
// are wire.WatchReplicas'). docs/
// OPERATIONS.md says what each means and docs/prometheus/dancu-alerts.yml
// alerts on them. Labels carry channels, kinds and replica names only,
// never a person, an identifier or an address.
package opsmetrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"dancu/internal/auth"
)

// Metrics is one server's registry. It implements auth.LoginWatch.
type Metrics struct {
	reg           *prometheus.Registry
	now           func() time.Time
	loginFailures *prometheus.CounterVec
	refusals      *prometheus.CounterVec
}

// New makes a registry with the Go runtime's and the process's collectors
// and dancu's counters. now is the clock that decides which dossiers are
// overdue (default time.Now).
func New(now func() time.Time) *Metrics {
	if now == nil {
		now = time.Now
	}
	m := &Metrics{reg: prometheus.NewRegistry(), now: now}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.loginFailures = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "dancu_login_failures_total",
		Help: "Logins refused for wrong credentials, by channel (officer, citizen, oauth_client).",
	}, []string{"channel"})
	m.refusals = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "dancu_rate_limited_total",
		Help: "Attempts refused by a rate limit or login throttle, by channel (officer, citizen, oauth_client, agency).",
	}, []string{"channel"})
	m.reg.MustRegister(m.loginFailures, m.refusals)
	// Every channel's series exists from the start at 0, so a rate
	// (increase over 5 minutes) sees the first failure.
	for _, ch := range []string{auth.ChannelOfficer, auth.ChannelCitizen, auth.ChannelClient} {
		m.loginFailures.WithLabelValues(ch)
		m.refusals.WithLabelValues(ch)
	}
	m.refusals.WithLabelValues(auth.ChannelAgency)
	return m
}

// Registry is what /metrics serves (api.Config.Metrics).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// LoginFailed implements auth.LoginWatch.
func (m *Metrics) LoginFailed(channel string) { m.loginFailures.WithLabelValues(channel).Inc() }

// Refused implements auth.LoginWatch.
func (m *Metrics) Refused(channel string) { m.refusals.WithLabelValues(channel).Inc() }
