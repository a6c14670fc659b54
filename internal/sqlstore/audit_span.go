package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"dancu/internal/apperr"
)

// auditSpanBits sizes the spans the data tracker's index is keyed by:
// audit_subjects_span_citizen is (seq >> auditSpanBits, citizen_id, seq),
// in the audit file's schema and in migration 0062 alike. A query must
// spell the same expression for the engines to use the index.
//
// Why spans: keyed by citizen alone, the index put each appended entry on
// a random leaf of an index as large as the register's history. At 1M
// citizens every entry dirtied ~1.7 pages of the audit file, written to
// its WAL and again at each checkpoint: ~15 KB per OpenID Connect flow,
// and the bursts made the journal's fsyncs wait 5-20 ms (docs/BENCHMARKS.md,
// stop 25). Within a span the inserts still land at random, but on the
// span's leaves only, which a move writes once however many entries they
// took.
//
// Why 12 bits: a move rewrites every leaf of the current span that its
// entries touch. At 16 bits (stop 26) a span grew to ~1,200 leaves and a
// move of a few thousand entries touched most of them: spooling and
// moving 200,000 entries at 4,500-10,000 a second wrote 1,697-1,916 bytes
// of chain per entry (WAL and checkpoints), against 1,116-1,157 at 12
// bits (~75 leaves a span), and took 17.6-19.3 against 15.7-16.3 µs of
// CPU per entry (stop 27; without the index at all, ~930 bytes).
//
// The price is on the tracker's side: a citizen's entries are looked up
// span by span, one index seek each: 366 seeks for the 1.5M entries of
// the bench register, 24,414 at 100 M entries (~8 ms in SQLite's own
// shell over 2M entries, stop 27).
const auditSpanBits = 12

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
