package ui

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/units"
)

// funcs are the template functions. They are pure formatting: data is
// gathered and checked by the handlers.
func (s *server) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":    s.assets.URL,
		"unitName": s.unitName,
		"date":     func(t time.Time) string { return fmtTime(t, "02/01/2006") },
		"datetime": func(t time.Time) string { return fmtTime(t, "02/01/2006 15:04") },
		"pdate":    fmtPdate,
		"pct":      func(f float64) string { return fmt.Sprintf("%.1f%%", f) },
		"num":      fmtInt,
		"join":     strings.Join,
		"add":      func(a, b int) int { return a + b },
		"list":     func(xs ...string) []string { return xs },
		"fld":      func(id, label, value, err string) fieldData { return fieldData{id, label, value, err} },
	}
}

var vietnam = time.FixedZone("ICT", 7*3600)

func fmtTime(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vietnam).Format(layout)
}

// fmtPdate writes a partial date the Vietnamese way: 15/05/1990, 05/1990
// or 1990.
func fmtPdate(d pdate.Date) string {
	switch {
	case d.Year == 0:
		return ""
	case d.Day != 0:
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
	case d.Month != 0:
		return fmt.Sprintf("%02d/%04d", d.Month, d.Year)
	}
	return fmt.Sprintf("%04d", d.Year)
}

// fmtInt groups thousands with dots, as Vietnamese writes numbers.
func fmtInt(n any) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// unitName names a unit of the newest list ("" for the whole country).
func (s *server) unitName(code string) string {
	if code == "" {
		return "Việt Nam"
	}
	if u, ok := s.units.Lookup(auth.UnitList, code); ok {
		return u.FullName
	}
	if u, ok := s.units.Lookup(units.List2025March, code); ok {
		return u.FullName
	}
	return code
}

// fieldData is one labelled form input with its error, for the "input"
// partial.
type fieldData struct {
	ID, Label, Value, Err string
}
