package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"dancu/internal/apperr"
)

// auditSpanBits sizes the spans the data tracker's index is keyed by:
// audit_subjects_span_citizen is (seq >> auditSpanBits, citizen_id, seq),
// in the audit file's schema and in migration 0060 alike. A query must
// spell the same expression for the engines to use the index.
//
// Why spans: keyed by citizen alone, the index put each appended entry on
// a random leaf of an index as large as the register's history. At 1M
// citizens every entry dirtied ~1.7 pages of the audit file, written to
// its WAL and again at each checkpoint: ~15 KB per OpenID Connect flow,
// and the bursts made the journal's fsyncs wait 5-20 ms (docs/BENCHMARKS.md,
// stop 25). Within a span the inserts still land at random, but on the
// span's few hundred leaves only, which stay in the cache and are written
// once per move however many entries they took.
//
// The price is on the tracker's side: a citizen's entries are looked up
// span by span, one index seek each (1,526 seeks at 100 M entries). 16
// bits keep a span's leaves (~1,200 at ~55 entries a leaf) small next to
// the 4,096 entries one move can bring (6,000-11,000 a second at the
// OIDC and verification benchmarks' load), and the seeks few.
const auditSpanBits = 16

// auditSpanExpr is the index's leading expression.
var auditSpanExpr = "(seq >> " + strconv.Itoa(auditSpanBits) + ")"

// citizenSpansCond returns the condition "the entry names the citizen" for
// entries before the sequence number before (0: all), with its one
// argument's placeholder at position arg. It lists every span the chain
// has so far, so that the citizen's rows are found by one seek per span.
func (d *AuditLog) citizenSpansCond(ctx context.Context, before int64, arg int) (string, error) {
	last := before - 1
	if before <= 0 {
		if err := d.chain.sql.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM audit_log`).Scan(&last); err != nil {
			return "", apperr.Wrap(err, "read the audit log's last entry")
		}
	}
	var b strings.Builder
	b.WriteString(`seq IN (SELECT seq FROM audit_subjects WHERE `)
	b.WriteString(auditSpanExpr)
	b.WriteString(` IN (`)
	for s := int64(0); s <= max(last, 0)>>auditSpanBits; s++ {
		if s > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(s, 10))
	}
	b.WriteString(`) AND citizen_id = $`)
	b.WriteString(strconv.Itoa(arg))
	b.WriteString(`)`)
	return b.String(), nil
}
