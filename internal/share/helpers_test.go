package share

import (
	"errors"

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
