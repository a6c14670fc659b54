package portal

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// funcs are the template functions: pure formatting.
func (s *server) funcs() template.FuncMap {
	m := template.FuncMap{
		"asset":     s.assets.URL,
		"date":      func(t time.Time) string { return fmtTime(t, "02/01/2006") },
		"datetime":  func(t time.Time) string { return fmtTime(t, "02/01/2006 15:04") },
		"pdate":     fmtPdate,
		"residence": s.residence,
		"unitName":  s.unitName,
		"num":       fmtInt,
		"join":      strings.Join,
	}
	m["action"] = actionKey
	m["fields"] = fieldNames
	m["deref"] = func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	}
	return m
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

// actionKey is the catalogue key describing an audited action: its own,
// else its family's ("verify.ekyc" -> "act.verify").
func actionKey(action string) string {
	if _, ok := catalogue["act."+action]; ok {
		return "act." + action
	}
	family, _, _ := strings.Cut(action, ".")
	if _, ok := catalogue["act."+family]; ok {
		return "act." + family
	}
	return "act.citizen"
}

// fieldNames names disclosed fields in the view's language where the
// catalogue knows them.
func fieldNames(v *view, fields []string) string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f
		if _, ok := catalogue["f."+f]; ok {
			out[i] = v.T("f." + f)
		}
	}
	return strings.Join(out, ", ")
}

// fmtInt groups thousands with dots, as Vietnamese writes numbers.
func fmtInt(n any) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && c != '-' && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// unitName names a unit of the newest list.
func (s *server) unitName(code string) string {
	if u, ok := s.units.Lookup(auth.UnitList, code); ok {
		return u.FullName
	}
	return code
}

// placeName names a place of DC01 (birth registration, home town): the
// unit of its own list, else its text.
func (s *server) placeName(p registry.Place) string {
	if p.Code != "" {
		if u, ok := s.units.Lookup(units.ListID(p.List), p.Code); ok {
			return u.FullName
		}
	}
	return strings.TrimSpace(p.Text)
}

// residence writes an address with its commune and province.
func (s *server) residence(r registry.Residence) string {
	if r.IsZero() {
		return ""
	}
	var parts []string
	for _, p := range []string{r.Address, s.unitName(r.Commune), s.unitName(r.Province)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}
