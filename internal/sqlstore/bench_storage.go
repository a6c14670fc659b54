package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sort"
)

// StoragePart is the size of one table or index (or, on SQLite, one file
// of the data directory) in bytes.
type StoragePart struct {
	Kind  string // "file", "table" or "index"
	Name  string
	Bytes int64
}

// Storage is the on-disk size of the register and where it goes:
// `dancu bench import` divides Total by the citizens it loaded.
type Storage struct {
	Total int64         // SQLite: every file of the register and its audit file; PostgreSQL: the database
	Parts []StoragePart // largest first
}

// Storage measures the register's size. On SQLite it sums the files
// (database, WAL, shared memory, the audit file and its WAL) and breaks
// the pages down per table and index with dbstat; on PostgreSQL it takes
// pg_database_size and each relation's pg_total_relation_size (heap,
// TOAST and indexes) with each index also on its own line.
func (d *Bench) Storage(ctx context.Context) (Storage, error) {
	if d.dialect.name == "postgres" {
		return pgStorage(ctx, d.sql)
	}
	var s Storage
	dbs := []*sql.DB{d.sql}
	if d.chain.own {
		dbs = append(dbs, d.chain.sql)
	}
	for i, db := range dbs {
		prefix := ""
		if i > 0 {
			prefix = "audit file: "
		}
		var seq int
		var name, path string
		if err := db.QueryRowContext(ctx, `PRAGMA database_list`).Scan(&seq, &name, &path); err != nil {
			return s, fmt.Errorf("storage: database file: %w", err)
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if st, err := os.Stat(path + suffix); err == nil {
				s.Total += st.Size()
				s.Parts = append(s.Parts, StoragePart{Kind: "file", Name: path + suffix, Bytes: st.Size()})
			}
		}
		parts, err := scanParts(ctx, db, prefix, `SELECT CASE WHEN m.type = 'index' THEN 'index' ELSE 'table' END, s.name, SUM(s.pgsize)
			FROM dbstat s LEFT JOIN sqlite_schema m ON m.name = s.name GROUP BY s.name`)
		if err != nil {
			return s, fmt.Errorf("storage: dbstat: %w", err)
		}
		s.Parts = append(s.Parts, parts...)
	}
	sortParts(s.Parts)
	return s, nil
}

func pgStorage(ctx context.Context, db *sql.DB) (Storage, error) {
	var s Storage
	if err := db.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&s.Total); err != nil {
		return s, fmt.Errorf("storage: database size: %w", err)
	}
	parts, err := scanParts(ctx, db, "", `SELECT CASE c.relkind WHEN 'i' THEN 'index' ELSE 'table' END, c.relname,
			CASE c.relkind WHEN 'i' THEN pg_relation_size(c.oid) ELSE pg_total_relation_size(c.oid) END
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i')`)
	if err != nil {
		return s, fmt.Errorf("storage: relation sizes: %w", err)
	}
	s.Parts = parts
	sortParts(s.Parts)
	return s, nil
}

func scanParts(ctx context.Context, db *sql.DB, prefix, query string) ([]StoragePart, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoragePart
	for rows.Next() {
		var p StoragePart
		if err := rows.Scan(&p.Kind, &p.Name, &p.Bytes); err != nil {
			return nil, err
		}
		p.Name = prefix + p.Name
		out = append(out, p)
	}
	return out, rows.Err()
}

// sortParts orders files first, then tables and indexes, largest first.
func sortParts(p []StoragePart) {
	sort.SliceStable(p, func(i, j int) bool {
		if (p[i].Kind == "file") != (p[j].Kind == "file") {
			return p[i].Kind == "file"
		}
		return p[i].Bytes > p[j].Bytes
	})
}

// CitizenCount is the number of records in the register.
func (d *Bench) CitizenCount(ctx context.Context) (int64, error) {
	var n int64
	err := d.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM citizens`).Scan(&n)
	return n, err
}
