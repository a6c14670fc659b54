package sqlstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// A PostgreSQL import batch writes its chunks with binary COPY. pgx's
// CopyFrom encodes each value through its type map (a plan look-up and an
// interface call per value: 2.8 of the writer's 4.5 s of CPU in a 1M
// import, pprof) and describes the table with a round trip before every
// chunk. The batch knows its columns' types once, and its values are of
// five Go types, so it lays out the COPY stream itself: one buffer per
// chunk, reused, each value appended in its binary form. A value of any
// other type, or a column of another type, sends that chunk through pgx.

// Binary COPY's column types this encoder writes (pg_type OIDs).
const (
	oidInt8        = 20
	oidInt4        = 23
	oidText        = 25
	oidTimestamptz = 1184
)

// pgEpochMicros is 2000-01-01 00:00 UTC, PostgreSQL's timestamp origin,
// in microseconds since the Unix epoch.
const pgEpochMicros = 946_684_800_000_000

var copySignature = []byte("PGCOPY\n\xff\r\n\x00")

// copyWriter holds a batch's COPY statements, column types and buffer.
type copyWriter struct {
	types map[string][]uint32 // table -> the listed columns' type OIDs
	buf   []byte
}

// columnTypes reads the type of each listed column of table, once a batch.
func (t *importTx) columnTypes(ctx context.Context, table string, cols []string) ([]uint32, error) {
	if ts, ok := t.copy.types[table]; ok {
		return ts, nil
	}
	rows, err := t.conn.QueryContext(ctx, `SELECT attname, atttypid FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`, table)
	if err != nil {
		return nil, fmt.Errorf("read the column types of %s: %w", table, err)
	}
	defer rows.Close()
	byName := map[string]uint32{}
	for rows.Next() {
		var name string
		var oid uint32
		if err := rows.Scan(&name, &oid); err != nil {
			return nil, fmt.Errorf("read the column types of %s: %w", table, err)
		}
		byName[name] = oid
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the column types of %s: %w", table, err)
	}
	ts := make([]uint32, len(cols))
	for i, c := range cols {
		ts[i] = byName[c] // 0 (no such column) sends the chunks through pgx, which reports it
	}
	if t.copy.types == nil {
		t.copy.types = map[string][]uint32{}
	}
	t.copy.types[table] = ts
	return ts, nil
}

// appendCopyRows lays out rows as a binary COPY stream, or reports false
// when a value or a column type is not one it writes.
func appendCopyRows(buf []byte, types []uint32, rows [][]any) ([]byte, bool) {
	buf = append(buf, copySignature...)
	buf = binary.BigEndian.AppendUint32(buf, 0) // flags
	buf = binary.BigEndian.AppendUint32(buf, 0) // header extension length
	for _, row := range rows {
		if len(row) != len(types) {
			return buf, false
		}
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(row)))
		for i, v := range row {
			var ok bool
			if buf, ok = appendCopyValue(buf, types[i], v); !ok {
				return buf, false
			}
		}
	}
	return binary.BigEndian.AppendUint16(buf, 0xffff), true // trailer: -1
}

func appendCopyValue(buf []byte, typ uint32, v any) ([]byte, bool) {
	if v == nil {
		return binary.BigEndian.AppendUint32(buf, 0xffffffff), true // NULL: length -1
	}
	switch typ {
	case oidText:
		switch s := v.(type) {
		case string:
			buf = binary.BigEndian.AppendUint32(buf, uint32(len(s)))
			return append(buf, s...), true
		case []byte:
			buf = binary.BigEndian.AppendUint32(buf, uint32(len(s)))
			return append(buf, s...), true
		}
	case oidInt8, oidInt4:
		var n int64
		switch x := v.(type) {
		case int64:
			n = x
		case int:
			n = int64(x)
		case int32:
			n = int64(x)
		default:
			return buf, false
		}
		if typ == oidInt4 {
			if n != int64(int32(n)) {
				return buf, false // out of range: pgx reports it
			}
			buf = binary.BigEndian.AppendUint32(buf, 4)
			return binary.BigEndian.AppendUint32(buf, uint32(int32(n))), true
		}
		buf = binary.BigEndian.AppendUint32(buf, 8)
		return binary.BigEndian.AppendUint64(buf, uint64(n)), true
	case oidTimestamptz:
		if t, ok := v.(time.Time); ok {
			// As pgx encodes it: whole microseconds, the sub-microsecond
			// part dropped.
			us := t.Unix()*1_000_000 + int64(t.Nanosecond())/1000 - pgEpochMicros
			buf = binary.BigEndian.AppendUint32(buf, 8)
			return binary.BigEndian.AppendUint64(buf, uint64(us)), true
		}
	}
	return buf, false
}

// copyRows runs a binary COPY of rows into table on the batch's
// connection, inside its transaction.
func (t *importTx) copyRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	types, err := t.columnTypes(ctx, table, cols)
	if err != nil {
		return err
	}
	buf, ok := appendCopyRows(t.copy.buf[:0], types, rows)
	t.copy.buf = buf
	return t.sendCopy(ctx, table, cols, rows, buf, ok)
}

// encodedCopy is one table's rows of a chunk, laid out ahead of their COPY
// (see layOut): buf is their binary COPY stream when ok, else they go
// through pgx.
type encodedCopy struct {
	table string
	cols  []string
	rows  [][]any
	buf   []byte
	ok    bool
}

// encodeCopy lays rows out for table into buf's space; the table's column
// types must be known already (readCopyTypes), since the connection may
// be busy.
func (t *importTx) encodeCopy(buf []byte, table string, cols []string, rows [][]any) encodedCopy {
	types, known := t.copy.types[table]
	e := encodedCopy{table: table, cols: cols, rows: rows, buf: buf[:0]}
	if known {
		e.buf, e.ok = appendCopyRows(e.buf, types, rows)
	}
	return e
}

// send runs the COPY of rows laid out by encodeCopy.
func (t *importTx) send(ctx context.Context, e encodedCopy) error {
	return t.sendCopy(ctx, e.table, e.cols, e.rows, e.buf, e.ok)
}

// readCopyTypes reads, once a batch, the column types of the tables its
// chunks are copied into, so that chunks can be laid out while the
// connection is busy with the chunk before.
func (t *importTx) readCopyTypes(ctx context.Context) error {
	for _, c := range []struct {
		table string
		cols  []string
	}{{"citizens", directColumns}, {"import_staging", stagingColumns}, {"citizen_versions", versionColumns}} {
		if _, err := t.columnTypes(ctx, c.table, c.cols); err != nil {
			return err
		}
	}
	return nil
}

// sendCopy runs a COPY of rows into table: buf, their binary COPY stream,
// when ok, else through pgx.
func (t *importTx) sendCopy(ctx context.Context, table string, cols []string, rows [][]any, buf []byte, ok bool) error {
	return t.conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		if !ok {
			_, err := pc.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		}
		quoted := make([]string, len(cols))
		for i, c := range cols {
			quoted[i] = pgx.Identifier{c}.Sanitize()
		}
		_, err := pc.PgConn().CopyFrom(ctx, bytes.NewReader(buf),
			`COPY `+pgx.Identifier{table}.Sanitize()+` (`+strings.Join(quoted, ", ")+`) FROM STDIN (FORMAT binary)`)
		return err
	})
}
