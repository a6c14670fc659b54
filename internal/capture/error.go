package capture

import "errors"

// Problem identifies why a capture was refused, so callers can branch on
// it (and an API can return it) without parsing messages.
type Problem string

const (
	ProblemFormat     Problem = "format"      // not the required image format, or unreadable
	ProblemResolution Problem = "resolution"  // too few (or too many) pixels
	ProblemAspect     Problem = "aspect"      // not a 3:4 portrait
	ProblemFileSize   Problem = "file_size"   // file too small or too large
	ProblemColor      Problem = "color_model" // fingerprints must be 8-bit grayscale
	ProblemBlank      Problem = "blank"       // uniform, nothing captured
)

// Error is a refused capture. Message is English for logs and APIs;
// MessageVI is the same in Vietnamese for the officer at the counter.
type Error struct {
	Problem   Problem
	Message   string
	MessageVI string
}

func (e *Error) Error() string { return "capture: " + e.Message }

// Is makes errors.Is(err, &Error{Problem: p}) match any refusal for p.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Problem == e.Problem
}

// ProblemOf returns the Problem of err, or "" when err is not a refusal.
func ProblemOf(err error) Problem {
	var e *Error
	if errors.As(err, &e) {
		return e.Problem
	}
	return ""
}

func refuse(p Problem, en, vi string) *Error {
	return &Error{Problem: p, Message: en, MessageVI: vi}
}
