package apperr

import (
	"errors"
	"fmt"
	"testing"
)

func TestCodeOf(t *testing.T) {
	cause := errors.New("disk on fire")
	tests := []struct {
		name string
		err  error
		want Code
	}{
		{"nil", nil, ""},
		{"plain error is internal", cause, Internal},
		{"new", New(NotFound, "no citizen %s", "x"), NotFound},
		{"wrapped by fmt", fmt.Errorf("read: %w", New(Conflict, "taken")), Conflict},
		{"wrap keeps cause", Wrap(cause, "write"), Internal},
		{"fields", WithFields("bad", FieldError{Field: "sex", Reason: "unknown"}), Invalid},
	}
	for _, tt := range tests {
		if got := CodeOf(tt.err); got != tt.want {
			t.Errorf("%s: CodeOf = %q, want %q", tt.name, got, tt.want)
		}
	}
	if !errors.Is(Wrap(cause, "write"), cause) {
		t.Error("Wrap lost its cause")
	}
}

// Only internal errors show their cause; the others are safe for users.
func TestErrorMessage(t *testing.T) {
	secret := errors.New("pq: password authentication failed for user dancu")
	if got := (&Error{Code: Invalid, Message: "bad input", Err: secret}).Error(); got != "bad input" {
		t.Errorf("invalid error shows its cause: %q", got)
	}
	if got := Wrap(secret, "connect").Error(); got != "connect: "+secret.Error() {
		t.Errorf("internal error message %q", got)
	}
	f := FieldError{Record: "R1", Field: "birth_date", Reason: "month 13 out of range"}
	if f.String() != "R1: birth_date: month 13 out of range" {
		t.Errorf("field error %q", f.String())
	}
}
