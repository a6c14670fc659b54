package registry

import (
	"strconv"
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/textfold"
)

// ParseSearch reads a free-text search as people type it: "nguyen van hung
// 1990" or "Nguyễn Văn Hùng 15/05/1990". A 4-digit token between 1880 and
// 2100 is a birth year, a token that parses as a date is a birth date, and
// the other tokens, folded, are the name prefix.
func ParseSearch(s string) Query {
	var q Query
	var name []string
	for _, tok := range strings.Fields(s) {
		if len(tok) == 4 {
			if y, err := strconv.Atoi(tok); err == nil && y >= 1880 && y <= 2100 {
				q.BirthYear = y
				continue
			}
		}
		if strings.ContainsAny(tok, "/-") {
			if d, err := pdate.Parse(tok); err == nil {
				q.BirthDate = d
				q.BirthYear = d.Year
				continue
			}
		}
		name = append(name, tok)
	}
	q.Name = textfold.Fold(strings.Join(name, " "))
	return q
}
