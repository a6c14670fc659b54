package share

import (
	"errors"
	"strings"

	"dancu/internal/apperr"
)

func hasField(err error, field string) bool {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return false
	}
	for _, f := range ae.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// fieldReasons joins an apperr's field reasons.
func fieldReasons(err error) string {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return ""
	}
	var out []string
	for _, f := range ae.Fields {
		out = append(out, f.Reason)
	}
	return strings.Join(out, "; ")
}
