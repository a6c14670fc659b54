package issuance

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// StoreCapture keeps one capture (photo, print or signature) in the blob
// store and returns its reference for Captures.
func (s *Service) StoreCapture(ctx context.Context, u auth.User, data []byte) (string, error) {
	if err := canWrite(u); err != nil {
		return "", err
	}
	if s.cfg.Blobs == nil {
		return "", apperr.New(apperr.Internal, "no blob store is configured for captures")
	}
	if len(data) == 0 {
		return "", apperr.New(apperr.Invalid, "an empty capture")
	}
	return s.cfg.Blobs.Put(ctx, data)
}
