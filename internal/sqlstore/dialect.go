package sqlstore

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dialect holds what differs between the engines. Queries use $N
// placeholders, which both engines accept.
type dialect struct {
	name string
	// timeArg converts a time for a parameter: SQLite stores fixed-width
	// UTC text so that text order is time order; PostgreSQL uses timestamptz.
	timeArg func(time.Time) any
	// forUpdate locks a row read inside a transaction (SQLite locks the
	// whole database for a write transaction already).
	forUpdate string
}

// params returns n parameter markers numbered from start. SQLite gets
// anonymous "?" markers: binding numbered ones makes the driver look each
// name up in a list, which is quadratic in a 1,000-parameter statement.
func (d dialect) params(start, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		if d.name == "sqlite" {
			b.WriteByte('?')
		} else {
			b.WriteString("$" + strconv.Itoa(start+i))
		}
	}
	return b.String()
}

const sqliteTime = "2006-01-02T15:04:05.000000Z"

var sqliteDialect = dialect{
	name:    "sqlite",
	timeArg: func(t time.Time) any { return t.UTC().Format(sqliteTime) },
}

var postgresDialect = dialect{
	name:      "postgres",
	timeArg:   func(t time.Time) any { return t.UTC() },
	forUpdate: " FOR UPDATE",
}

// scanTime converts a scanned time column of either engine.
func scanTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t.UTC(), nil
	case string:
		return time.Parse(sqliteTime, t)
	case []byte:
		return time.Parse(sqliteTime, string(t))
	case nil:
		return time.Time{}, nil
	}
	return time.Time{}, fmt.Errorf("unexpected time value %T", v)
}
