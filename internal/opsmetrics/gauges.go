package opsmetrics

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/pdate"
	"dancu/internal/procedure"
)

// scrapeTimeout bounds the database reads of one scrape: a busy database
// makes a figure missing (reported as a scrape error), never a hung scrape.
const scrapeTimeout = 5 * time.Second

// AuditQueue is the audit log's backlog: entries callers wait to see
// committed by the chain's writer (audit.Writer) ...
type AuditQueue interface{ Waiting() int64 }

// ... and changes' entries committed in the register, not yet on the
// chain (sqlstore.AuditLog).
type IntentBacklog interface {
	PendingIntents(ctx context.Context) (int64, error)
}

// OverdueDossiers counts open dossiers past their legal due date, per
// procedure kind (sqlstore.Procedures).
type OverdueDossiers interface {
	OverdueByKind(ctx context.Context, day pdate.Date) (map[string]int, error)
}

var (
	auditQueueDesc = prometheus.NewDesc("dancu_audit_queue_depth",
		"Audit entries not yet on the hash chain: stage=writer waits for the chain's group commit, stage=intents are changes' entries committed in the register and not yet moved.",
		[]string{"stage"}, nil)
	overdueDesc = prometheus.NewDesc("dancu_dossiers_overdue",
		"Open dossiers past their legal due date, by procedure kind.", []string{"kind"}, nil)
)

// WatchAudit adds the audit queue's depth, read at each scrape.
func (m *Metrics) WatchAudit(writer AuditQueue, intents IntentBacklog) {
	m.reg.MustRegister(collector{desc: auditQueueDesc, collect: func(ctx context.Context, ch chan<- prometheus.Metric) error {
		ch <- prometheus.MustNewConstMetric(auditQueueDesc, prometheus.GaugeValue, float64(writer.Waiting()), "writer")
		n, err := intents.PendingIntents(ctx)
		if err != nil {
			return err
		}
		ch <- prometheus.MustNewConstMetric(auditQueueDesc, prometheus.GaugeValue, float64(n), "intents")
		return nil
	}})
}

// overdueEvery is how long one count of overdue dossiers serves scrapes:
// the count scans open dossiers, and a due date passes once a day.
const overdueEvery = time.Minute

// WatchDossiers adds the overdue dossiers per kind; every kind the
// register handles is reported, 0 when none is late, so an alert sees the
// series fall back.
func (m *Metrics) WatchDossiers(store OverdueDossiers, kinds []string) {
	var mu sync.Mutex
	var last map[string]int
	var at time.Time
	m.reg.MustRegister(collector{desc: overdueDesc, collect: func(ctx context.Context, ch chan<- prometheus.Metric) error {
		mu.Lock()
		defer mu.Unlock()
		now := m.now()
		if last == nil || now.Sub(at) >= overdueEvery || now.Before(at) {
			counts, err := store.OverdueByKind(ctx, procedure.Day(now))
			if err != nil {
				return err
			}
			last, at = counts, now
		}
		for _, k := range unionKeys(kinds, last) {
			ch <- prometheus.MustNewConstMetric(overdueDesc, prometheus.GaugeValue, float64(last[k]), k)
		}
		return nil
	}})
}

// unionKeys is kinds, then any other kind counts holds (a kind retired
// from the code with dossiers still open).
func unionKeys(kinds []string, counts map[string]int) []string {
	out := slices.Clone(kinds)
	for k := range counts {
		if !slices.Contains(kinds, k) {
			out = append(out, k)
		}
	}
	return out
}

// collector reports one family read at scrape time; a read that fails is
// reported as the family's error, and the rest of /metrics still served.
type collector struct {
	desc    *prometheus.Desc
	collect func(ctx context.Context, ch chan<- prometheus.Metric) error
}

func (c collector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	if err := c.collect(ctx, ch); err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
	}
}
