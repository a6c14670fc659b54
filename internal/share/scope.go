package share

// matchScope names the catalogue field each match question reveals
// something about: asking whether an address matches tells the agency
// about the permanent residence, so it needs that field in scope.
var matchScope = map[string]string{
	"full_name":       "full_name",
	"birth_date":      "birth_date",
	"sex":             "sex",
	"old_id_number":   "old_id_number",
	"address_commune": "permanent",
	"address_text":    "permanent",
}

// OutOfScope lists the asked fields (other than the number itself) whose
// catalogue field is not in scope.
func (q MatchQuery) OutOfScope(scope []string) []string {
	var out []string
	for _, f := range q.Asked()[1:] {
		if !contains(scope, matchScope[f]) {
			out = append(out, f)
		}
	}
	return out
}

// Grant returns the fields an eKYC call may receive: the requested ones
// (all of the scope when none is named) that are in scope, and those
// requested outside it, which the caller refuses.
func Grant(scope, requested []string) (granted, refused []string) {
	if len(requested) == 0 {
		return append([]string(nil), scope...), nil
	}
	for _, f := range requested {
		if contains(scope, f) {
			granted = append(granted, f)
		} else {
			refused = append(refused, f)
		}
	}
	return granted, refused
}
