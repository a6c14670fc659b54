package ui

import (
	"strings"

	"dancu/internal/card"
	"dancu/internal/registry"
	"dancu/internal/textfold"
	"dancu/internal/units"
)

// FeeBasis words the basis of a fee in the view's language: a free case's
// code from the catalogue ("fee.free:first_issuance"), a circular with its
// catalogue gloss when it has one, else the citation as stored. Stored
// legacy English sentences are read as their codes first.
func (v *view) FeeBasis(basis string) string {
	b := card.FeeBasisCode(basis)
	if _, ok := catalogue["fee."+b]; ok {
		return v.T("fee." + b)
	}
	return b
}

// nationality names a nationality code in the view's language ("VN" ->
// "Việt Nam"); a code the catalogue lacks is shown as it is.
func (v *view) nationality(code string) string {
	if code == "" {
		return ""
	}
	if c := strings.ToUpper(code); c == "VNM" || c == "VN" {
		return v.T("nat.VN")
	}
	if _, ok := catalogue["nat."+code]; ok {
		return v.T("nat." + code)
	}
	return code
}

// place prints a place once: its text as written on the form and its
// unit's name, in the list the code belongs to, but only one of them when
// one already says the other ("Xã Mai Phụ" written and coded).
func (s *server) place(p registry.Place) string {
	name := ""
	if p.Code != "" {
		name = s.unitNameIn(units.ListID(p.List), p.Code)
	}
	text := strings.TrimSpace(p.Text)
	ft, fn := textfold.Fold(text), textfold.Fold(name)
	switch {
	case text == "" || ft == fn: // the unit's name is the official spelling
		return name
	case name == "" || strings.Contains(ft, fn):
		return text
	case strings.Contains(fn, ft):
		return name
	}
	return text + " · " + name
}

// unitNameIn names a unit of list l, falling back to the newest list when l
// is empty or does not hold the code (codes were reused in 2025, so the
// place's own list decides first).
func (s *server) unitNameIn(l units.ListID, code string) string {
	if l != "" {
		if u, ok := s.units.Lookup(l, code); ok {
			return u.FullName
		}
	}
	return s.unitName(code)
}
