package sqlstore

import (
	"context"
	"fmt"
	"sort"

	"dancu/internal/apperr"
)

// The queries below serve `dancu bench` only: they draw inputs for the
// measured requests from the loaded register and bring a fresh database to
// a steady state.

// SampleIDNumbers returns up to n ID numbers drawn uniformly from the
// register. Not the first n by id: ids are UUIDv7, so those are the first
// rows imported, which lie together on a few pages that stay cached and
// flatter the reads (at 10M most of all).
func (d *Bench) SampleIDNumbers(ctx context.Context, n int) ([]string, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT id_number FROM citizens WHERE id_number IS NOT NULL ORDER BY random() LIMIT $1`, n)
	if err != nil {
		return nil, apperr.Wrap(err, "sample ID numbers")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, apperr.Wrap(err, "sample ID numbers")
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "sample ID numbers")
	}
	return out, nil
}

// Identity is what an agency sends to match a person.
type Identity struct {
	IDNumber, FullName, BirthDate string
}

// SampleIdentities returns up to n citizens holding an ID number, drawn
// uniformly (see SampleIDNumbers).
func (d *Bench) SampleIdentities(ctx context.Context, n int) ([]Identity, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT id_number, full_name, birth_date FROM citizens WHERE id_number IS NOT NULL ORDER BY random() LIMIT $1`, n)
	if err != nil {
		return nil, apperr.Wrap(err, "sample citizens")
	}
	defer rows.Close()
	var out []Identity
	for rows.Next() {
		var id Identity
		if err := rows.Scan(&id.IDNumber, &id.FullName, &id.BirthDate); err != nil {
			return nil, apperr.Wrap(err, "sample citizens")
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "sample citizens")
	}
	return out, nil
}

// NameKeysAt returns the folded name and birth year of the citizens at
// positions (0-based, in opaque-id order), in one ordered scan of the
// register instead of one OFFSET query each: an OFFSET walks the index up
// to its position, so sampling 500 names of 10 million citizens that way
// took minutes. The results follow positions' order (repeats allowed).
func (d *Bench) NameKeysAt(ctx context.Context, positions []int) (names []string, years []int, err error) {
	order := make([]int, len(positions))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return positions[order[a]] < positions[order[b]] })
	names, years = make([]string, len(positions)), make([]int, len(positions))
	if len(positions) == 0 {
		return names, years, nil
	}
	rows, err := d.sql.QueryContext(ctx, `SELECT name_key, birth_year FROM citizens ORDER BY id LIMIT $1`, positions[order[len(order)-1]]+1)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "read citizens' name keys")
	}
	defer rows.Close()
	next := 0
	for at := 0; rows.Next() && next < len(order); at++ {
		var name string
		var year int
		if err := rows.Scan(&name, &year); err != nil {
			return nil, nil, apperr.Wrap(err, "read citizens' name keys")
		}
		for next < len(order) && positions[order[next]] == at {
			names[order[next]], years[order[next]] = name, year
			next++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, apperr.Wrap(err, "read citizens' name keys")
	}
	if next < len(order) {
		return nil, nil, apperr.New(apperr.NotFound, "read citizens' name keys: position %d is past the register's end", positions[order[next]])
	}
	return names, years, nil
}

// Settle brings a freshly loaded PostgreSQL database to a steady state
// before reads are measured, as pgbench does: VACUUM sets the visibility
// map and hint bits that the first reads would otherwise write, and a
// CHECKPOINT flushes the load's dirty buffers so the checkpointer does not
// compete with the measured requests. SQLite needs nothing.
func (d *Bench) Settle(ctx context.Context) error {
	if d.dialect.name != "postgres" {
		return nil
	}
	for _, stmt := range []string{"VACUUM (ANALYZE) citizens", "VACUUM (ANALYZE) citizen_versions", "CHECKPOINT"} {
		if _, err := d.sql.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}
