package pdate

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Value stores a Date as its canonical text (a partial date cannot live in a
// SQL DATE column); the zero Date becomes NULL. Text keeps the ISO order, so
// ORDER BY on the column sorts like Compare.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d.String(), nil
}

// Scan reads NULL, text in any layout Parse accepts, or a time.Time (from a
// DATE column, taken as a full date in the value's own location).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case time.Time:
		*d = FromTime(v)
		return nil
	default:
		return fmt.Errorf("pdate: cannot scan %T into Date", src)
	}
}
