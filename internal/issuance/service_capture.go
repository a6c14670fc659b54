package issuance

import (
	"context"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/capture"
)

// CaptureKind is what a capture holds.
type CaptureKind string

const (
	CapturePhoto       CaptureKind = "photo"
	CaptureFingerprint CaptureKind = "fingerprint"
	CaptureSignature   CaptureKind = "signature"
)

// captureChecks are the intake quality checks of each kind (format,
// resolution, size, not blank).
var captureChecks = map[CaptureKind]func([]byte) error{
	CapturePhoto:       capture.CheckPhoto,
	CaptureFingerprint: capture.CheckFingerprint,
	CaptureSignature:   capture.CheckSignature,
}

// StoreCapture checks one capture (photo, print or signature) and keeps it
// in the blob store, returning its reference for Captures. A capture that
// fails its quality check is refused with the check's message, in English
// and Vietnamese, and nothing is stored.
func (s *Service) StoreCapture(ctx context.Context, u auth.User, kind CaptureKind, data []byte) (string, error) {
	if err := canWrite(u); err != nil {
		return "", err
	}
	if s.cfg.Blobs == nil {
		return "", apperr.New(apperr.Internal, "no blob store is configured for captures")
	}
	check, ok := captureChecks[kind]
	if !ok {
		return "", apperr.WithFields("invalid capture", apperr.FieldError{Field: "kind", Reason: "must be photo, fingerprint or signature"})
	}
	if err := check(data); err != nil {
		var ce *capture.Error
		if errors.As(err, &ce) {
			refusal := apperr.WithFields("the "+string(kind)+" failed its quality check: "+ce.Message,
				apperr.FieldError{Field: string(kind), Reason: ce.Message + " / " + ce.MessageVI})
			refusal.Err = ce // callers reach the typed refusal (its Vietnamese message) with errors.As
			return "", refusal
		}
		return "", apperr.Wrap(err, "check %s", kind)
	}
	return s.cfg.Blobs.Put(ctx, data)
}
