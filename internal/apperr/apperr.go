// Package apperr is the one application error type. Domain code returns
// *Error values with a small set of codes; the HTTP layer maps codes to
// status codes in one table, and the CLI prints the message. Only Internal
// errors are logged with their cause; the others are safe to show users.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for callers; it is deliberately coarse.
type Code string

const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Forbidden       Code = "forbidden"
	Unauthenticated Code = "unauthenticated"
	RateLimited     Code = "rate_limited"
	Internal        Code = "internal"
)

// FieldError names one offending field of one record.
type FieldError struct {
	Record string `json:"record,omitempty"` // record_ref or opaque id
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

func (f FieldError) String() string {
	if f.Record != "" {
		return fmt.Sprintf("%s: %s: %s", f.Record, f.Field, f.Reason)
	}
	return fmt.Sprintf("%s: %s", f.Field, f.Reason)
}

// Error is the application error.
type Error struct {
	Code    Code
	Message string       // safe for users; never personal data beyond what they sent
	Fields  []FieldError // optional per-field detail
	Err     error        // cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil && e.Code == Internal {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New makes an error with a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap makes an Internal error that keeps err as its cause.
func Wrap(err error, format string, args ...any) *Error {
	return &Error{Code: Internal, Message: fmt.Sprintf(format, args...), Err: err}
}

// WithFields makes an Invalid error listing field errors.
func WithFields(message string, fields ...FieldError) *Error {
	return &Error{Code: Invalid, Message: message, Fields: fields}
}

// CodeOf returns the code of err, Internal for foreign errors and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return CodeOf(err) == code }
