package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dancu/internal/apperr"
)

// TryLease implements lease.Store: one statement takes a free or expired
// lease, renews the holder's own, and leaves another holder's live lease
// alone. PostgreSQL's clock decides expiry, so the servers' clocks need
// not agree; SQLite serves the processes of one machine, one clock, and
// keeps the leases beside the register (coord_file.go).
func (d *DB) TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	db, err := d.coordSQL()
	if err != nil {
		return false, apperr.Wrap(err, "take lease %s", name)
	}
	var got string
	if d.dialect.name == "postgres" {
		err = db.QueryRowContext(ctx, `INSERT INTO leases (name, holder, expires_at)
			VALUES ($1, $2, now() + $3 * interval '1 millisecond')
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
			WHERE leases.holder = excluded.holder OR leases.expires_at < now()
			RETURNING holder`, name, holder, ttl.Milliseconds()).Scan(&got)
	} else {
		now := time.Now()
		err = db.QueryRowContext(ctx, `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
			WHERE leases.holder = excluded.holder OR leases.expires_at < $4
			RETURNING holder`, name, holder, d.dialect.timeArg(now.Add(ttl)), d.dialect.timeArg(now)).Scan(&got)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, apperr.Wrap(err, "take lease %s", name)
	}
	return got == holder, nil
}
