package idp

import (
	"errors"
	"fmt"

	"dancu/internal/apperr"
)

// fieldsOf renders an apperr's field errors for the assertions.
func fieldsOf(err error) string {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return ""
	}
	return fmt.Sprint(ae.Fields)
}
